/* date.c: civil-date arithmetic (see date.h). Algorithms after H. Hinnant's days_from_civil. */
#include "core/date.h"


bool date_is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && date_is_leap_year(y))
        return 29;
    return days[m - 1];
}

static date_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (date_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(date_t z0, int *y, int *m, int *d)
{
    int z = z0 + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

bool date_from_ymd(int y, int m, int d, date_t *out)
{
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
        return false;
    *out = days_from_civil(y, m, d);
    return true;
}

/* Read exactly n digits. */
static bool digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

bool date_parse(const char *s, date_t *out, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    if (!s) {
        *why = "empty";
        return false;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    int y, m, d, len = 0;
    while (s[len] && s[len] != ' ' && s[len] != '\t')
        len++;
    for (const char *t = s + len; *t; t++)
        if (*t != ' ' && *t != '\t') {
            *why = "is not a date (use YYYY-MM-DD or DD/MM/YYYY)";
            return false;
        }
    if (len == 0) {
        *why = "empty";
        return false;
    }
    bool ok;
    if (len == 10 && s[4] == '-' && s[7] == '-')
        ok = digits(s, 4, &y) && digits(s + 5, 2, &m) && digits(s + 8, 2, &d);
    else if (len == 10 && s[2] == '/' && s[5] == '/')
        ok = digits(s, 2, &d) && digits(s + 3, 2, &m) && digits(s + 6, 4, &y);
    else
        ok = false;
    if (!ok) {
        *why = "is not a date (use YYYY-MM-DD or DD/MM/YYYY)";
        return false;
    }
    if (!date_from_ymd(y, m, d, out)) {
        *why = (y < 1900 || y > 2999) ? "year is out of range (1900-2999)" : "no such day";
        return false;
    }
    return true;
}

/* Write v as exactly n decimal digits. */
static char *put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    return p + n;
}

char *date_format_iso(date_t dt, char *buf)
{
    int y, m, d;
    date_to_ymd(dt, &y, &m, &d);
    char *p = put_digits(buf, y, 4);
    *p++ = '-';
    p = put_digits(p, m, 2);
    *p++ = '-';
    p = put_digits(p, d, 2);
    *p = '\0';
    return buf;
}

char *date_format_uk(date_t dt, char *buf)
{
    int y, m, d;
    date_to_ymd(dt, &y, &m, &d);
    char *p = put_digits(buf, d, 2);
    *p++ = '/';
    p = put_digits(p, m, 2);
    *p++ = '/';
    p = put_digits(p, y, 4);
    *p = '\0';
    return buf;
}

int date_weekday(date_t d)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (int)((d % 7 + 7) % 7); /* 0 = Thursday */
    return (w + 3) % 7 + 1;
}

date_t date_add_months(date_t dt, int n)
{
    int y, m, d;
    date_to_ymd(dt, &y, &m, &d);
    int total = y * 12 + (m - 1) + n;
    int ny = total / 12, nm = total % 12 + 1;
    int dim = date_days_in_month(ny, nm);
    return days_from_civil(ny, nm, d > dim ? dim : d);
}

int date_months_between(date_t a, date_t b)
{
    int ya, ma, da, yb, mb, db;
    date_to_ymd(a, &ya, &ma, &da);
    date_to_ymd(b, &yb, &mb, &db);
    int n = (yb - ya) * 12 + (mb - ma);
    while (n > 0 && date_add_months(a, n) > b)
        n--;
    return n;
}

int date_financial_year(date_t dt)
{
    int y, m, d;
    date_to_ymd(dt, &y, &m, &d);
    return m >= 4 ? y : y - 1;
}

date_t date_fy_start(int fy)
{
    return days_from_civil(fy, 4, 1);
}

date_t date_fy_end(int fy)
{
    return days_from_civil(fy + 1, 3, 31);
}
