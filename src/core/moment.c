/* moment.c: the strict ISO 8601 check of a moment (see moment.h). */
#include "core/moment.h"

#include <ctype.h>

#include "core/date.h"

/* n digits at *s into *v, advancing *s. */
static bool digits(const char **s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++, (*s)++) {
        if (!isdigit((unsigned char)**s))
            return false;
        *v = *v * 10 + (**s - '0');
    }
    return true;
}

static bool fail(const char **why, const char *what)
{
    if (why)
        *why = what;
    return false;
}

/* HH:MM[:SS[.fraction]] at *s, advancing it. */
static bool time_part(const char **s, const char **why)
{
    int h, m, sec;
    if (!digits(s, 2, &h) || *(*s)++ != ':' || !digits(s, 2, &m))
        return fail(why, "the time must be HH:MM or HH:MM:SS");
    if (h > 23 || m > 59)
        return fail(why, "no such time of day");
    if (**s != ':')
        return true;
    (*s)++;
    if (!digits(s, 2, &sec) || sec > 59)
        return fail(why, "the seconds must be two digits, 00 to 59");
    if (**s == '.' || **s == ',') {
        (*s)++;
        if (!isdigit((unsigned char)**s))
            return fail(why, "a fraction of a second needs digits");
        while (isdigit((unsigned char)**s))
            (*s)++;
    }
    return true;
}

/* Z, +HH, +HH:MM, +HHMM (or -) at *s, or nothing. */
static bool offset_part(const char **s, const char **why)
{
    if (**s == 'Z' || **s == 'z') {
        (*s)++;
        return true;
    }
    if (**s != '+' && **s != '-')
        return true;
    (*s)++;
    int h, m = 0;
    if (!digits(s, 2, &h))
        return fail(why, "the offset must be Z, +HH:MM or -HH:MM");
    if (**s == ':')
        (*s)++;
    if (isdigit((unsigned char)**s) && !digits(s, 2, &m))
        return fail(why, "the offset must be Z, +HH:MM or -HH:MM");
    if (h > 15 || m > 59)
        return fail(why, "no such offset from UTC");
    return true;
}

bool moment_iso_valid(const char *s, const char **why)
{
    const char *p = s;
    int y, mo, d;
    date_t ignored;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' || !digits(&p, 2, &d))
        return fail(why, "not an ISO 8601 moment (YYYY-MM-DDTHH:MM:SSZ, e.g. 2026-11-14T09:30:00Z)");
    if (!date_from_ymd(y, mo, d, &ignored))
        return fail(why, "no such date");
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!time_part(&p, why) || !offset_part(&p, why))
            return false;
    }
    if (*p != '\0')
        return fail(why, "not an ISO 8601 moment (YYYY-MM-DDTHH:MM:SSZ, e.g. 2026-11-14T09:30:00Z)");
    return true;
}
