/* fuzz_records_json.c: libFuzzer target for the JSON side of the import reader (ingest/records.c):
 * the input is forced to start with '[' so it always takes the JSON path. */
#include "fuzz_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size + 1);
    if (!buf)
        return 0;
    buf[0] = '[';
    if (size)
        memcpy(buf + 1, data, size);
    fuzz_records(buf, size + 1, "json");
    free(buf);
    return 0;
}
