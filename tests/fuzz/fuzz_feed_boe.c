/* fuzz_feed_boe.c: libFuzzer target for the boe-iadb-csv feed parser (feed/parse.c). */
#include "fuzz_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct feed_column cols[] = {{"IUDBEDR", "bank-rate"}, {"IUDSOIA", "sonia"}};
    return fuzz_feed(FEED_BOE_IADB_CSV, cols, 2, data, size);
}
