/* fuzz_camt053.c: libFuzzer target for the camt.053 bank statement reader (ingest/camt053.c),
 * which reads XML a bank sends. Checks beyond "no crash": an accepted statement has its opening
 * and closing booked balances, each entry a booking date and a non-negative line, and a refusal
 * always says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/camt053.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct camt_statement s;
    char why[512];
    int line = -1;
    if (camt053_parse((const char *)data, size, &s, why, sizeof why, &line) < 0) {
        if (!why[0] || line < 0 || s.e != NULL)
            abort(); /* a refusal says why and leaves nothing to free */
        return 0;
    }
    if (!s.has_opening || !s.has_closing || s.n < 0 || (s.n > 0 && !s.e))
        abort();
    for (int i = 0; i < s.n; i++)
        if (s.e[i].booking == DATE_NONE || s.e[i].line < 0 || strlen(s.e[i].reference) >= CAMT_TEXT_MAX)
            abort();
    camt053_free(&s);
    return 0;
}
