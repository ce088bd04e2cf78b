/* fuzz_feed_govuk.c: libFuzzer target for the govuk-bank-holidays feed parser (feed/parse.c). */
#include "fuzz_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct feed_column cols[] = {{"england-and-wales", "england-and-wales"},
                                              {"scotland", "scotland"}};
    /* the first byte picks one division or both, so the default path is fuzzed too */
    int n = size ? (data[0] + 1) % 3 : 1; /* 0: none (the default), 1: one, 2: both */
    return fuzz_feed(FEED_GOVUK_BANK_HOLIDAYS, n ? cols : NULL, n, data + (size > 0),
                     size ? size - 1 : 0);
}
