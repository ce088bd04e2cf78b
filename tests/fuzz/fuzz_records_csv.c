/* fuzz_records_csv.c: libFuzzer target for the CSV side of the import reader (ingest/records.c,
 * libcsv) and the shared field validators, with no database. */
#include "fuzz_records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_records(data, size, "csv");
}
