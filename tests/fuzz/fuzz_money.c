/* fuzz_money.c: libFuzzer target for the amount, rate and date parsers of core/ (money_parse,
 * rate_parse, date_parse), which read every amount, rate and date a user types or imports.
 * Checks beyond "no crash": an accepted amount or rate formats back and re-parses to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/rate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    const char *why = NULL;
    money_t m;
    if (money_parse(s, &m, &why)) {
        char buf[MONEY_BUFSZ];
        money_t back;
        for (int flags = 0; flags < 4; flags++)
            if (!money_parse(money_format(m, flags, buf), &back, &why) || back != m)
                abort(); /* an accepted amount must round-trip through its own text */
    }
    rate_t r;
    if (rate_parse(s, &r, &why)) {
        char buf[RATE_BUFSZ];
        rate_t back;
        if (!rate_parse(rate_format(r, 6, buf), &back, &why) || back != r)
            abort(); /* six decimals are exact */
    }
    date_t d;
    if (date_parse(s, &d, &why)) {
        char buf[DATE_BUFSZ];
        date_t back;
        if (!date_parse(date_format_iso(d, buf), &back, &why) || back != d ||
            !date_parse(date_format_uk(d, buf), &back, &why) || back != d)
            abort();
    }
    free(s);
    return 0;
}
