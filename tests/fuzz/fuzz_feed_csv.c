/* fuzz_feed_csv.c: libFuzzer target for the generic csv feed parser (feed/parse.c), with one
 * series (where bare "date,value" lines are allowed) or two, picked by the first byte. */
#include "fuzz_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct feed_column cols[] = {{"value", "pwlb-10y"}, {"pwlb_20y", "pwlb-20y"}};
    int n = size && (data[0] & 1) ? 2 : 1;
    return fuzz_feed(FEED_CSV, cols, n, data + (size > 0), size ? size - 1 : 0);
}
