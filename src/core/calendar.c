/* calendar.c: England and Wales bank holidays by rule, merged with the feed's (see calendar.h). */
#include "core/calendar.h"

#include <stdio.h>
#include <string.h>

date_t calendar_easter(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    date_t out = 0;
    date_from_ymd(y, month, day, &out);
    return out;
}

static date_t ymd(int y, int m, int d)
{
    date_t out = 0;
    date_from_ymd(y, m, d, &out);
    return out;
}

/* First Monday on or after d. */
static date_t monday_on_or_after(date_t d)
{
    return d + (8 - date_weekday(d)) % 7;
}

static date_t last_monday(int y, int m)
{
    date_t end = ymd(y, m, date_days_in_month(y, m));
    return end - (date_weekday(end) - 1);
}

static bool weekend(date_t d)
{
    return date_weekday(d) >= 6;
}

struct rule_list {
    struct holiday *out;
    int n;
};

static void add(struct rule_list *l, date_t d, const char *title)
{
    if (l->n >= CALENDAR_YEAR_MAX)
        return;
    struct holiday *h = &l->out[l->n++];
    h->date = d;
    h->builtin = true;
    snprintf(h->title, sizeof h->title, "%s", title);
}

static bool listed(const struct rule_list *l, date_t d)
{
    for (int i = 0; i < l->n; i++)
        if (l->out[i].date == d)
            return true;
    return false;
}

/* A holiday that falls at a weekend moves to the next weekday not already a holiday. */
static void add_substituted(struct rule_list *l, date_t d, const char *title)
{
    while (weekend(d) || listed(l, d))
        d++;
    add(l, d, title);
}

static void sort_list(struct holiday *h, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && h[j - 1].date > h[j].date; j--) {
            struct holiday t = h[j];
            h[j] = h[j - 1];
            h[j - 1] = t;
        }
}

/* One-off holidays: (y, m, d, title). */
static const struct {
    int y, m, d;
    const char *title;
} one_offs[] = {
    {1999, 12, 31, "Millennium celebrations"},
    {2002, 6, 3, "Golden Jubilee bank holiday"},
    {2011, 4, 29, "Royal wedding"},
    {2012, 6, 5, "Queen’s Diamond Jubilee"},
    {2022, 6, 3, "Platinum Jubilee bank holiday"},
    {2022, 9, 19, "Bank Holiday for the State Funeral of Queen Elizabeth II"},
    {2023, 5, 8, "Bank holiday for the coronation of King Charles III"},
};

int calendar_rule_year(int y, struct holiday *out)
{
    struct rule_list l = {out, 0};
    date_t easter = calendar_easter(y);

    add(&l, weekend(ymd(y, 1, 1)) ? monday_on_or_after(ymd(y, 1, 1)) : ymd(y, 1, 1),
        "New Year’s Day");
    add(&l, easter - 2, "Good Friday");
    add(&l, easter + 1, "Easter Monday");
    if (y == 1995 || y == 2020)
        add(&l, ymd(y, 5, 8), y == 2020 ? "Early May bank holiday (VE day)" : "Early May bank holiday");
    else
        add(&l, monday_on_or_after(ymd(y, 5, 1)), "Early May bank holiday");
    if (y == 2002 || y == 2012)
        add(&l, ymd(y, 6, 4), "Spring bank holiday");
    else if (y == 2022)
        add(&l, ymd(y, 6, 2), "Spring bank holiday");
    else
        add(&l, last_monday(y, 5), "Spring bank holiday");
    add(&l, last_monday(y, 8), "Summer bank holiday");
    for (size_t i = 0; i < sizeof one_offs / sizeof one_offs[0]; i++)
        if (one_offs[i].y == y)
            add(&l, ymd(y, one_offs[i].m, one_offs[i].d), one_offs[i].title);
    /* Christmas first, then Boxing Day: each takes the next free weekday when it falls at a
     * weekend (25 Dec on a Saturday: Mon 27 and Tue 28; on a Sunday: Boxing Day Mon 26 and
     * Christmas Tue 27). Boxing Day is placed first when Christmas is a Sunday so that the
     * 26th keeps its own name. */
    date_t xmas = ymd(y, 12, 25), boxing = ymd(y, 12, 26);
    if (date_weekday(xmas) == 7) {
        add(&l, boxing, "Boxing Day");
        add_substituted(&l, xmas, "Christmas Day");
    } else {
        add_substituted(&l, xmas, "Christmas Day");
        add_substituted(&l, boxing, "Boxing Day");
    }
    sort_list(out, l.n);
    return l.n;
}

/* Index of the first feed holiday on or after d (nfeed if none). */
static int feed_lower_bound(const struct calendar *cal, date_t d)
{
    int lo = 0, hi = cal->nfeed;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (cal->feed[mid].date < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool calendar_feed_covers(const struct calendar *cal, int year)
{
    if (!cal || cal->nfeed == 0)
        return false;
    int i = feed_lower_bound(cal, ymd(year, 1, 1));
    return i < cal->nfeed && cal->feed[i].date <= ymd(year, 12, 31);
}

/* calendar_rule_year of y, remembered per thread for the last year asked: a forecast asks for
 * each of its days' holidays in turn (a cash forecast of a year of flows: tens of thousands of
 * days, nearly all in one or two years). *out points into the thread's copy, valid until the
 * next call. The same answer as calendar_rule_year, which depends on y alone. */
static int rule_year_kept(int y, const struct holiday **out)
{
    static _Thread_local struct {
        bool set;
        int y, n;
        struct holiday h[CALENDAR_YEAR_MAX];
    } kept;
    if (!kept.set || kept.y != y) {
        kept.n = calendar_rule_year(y, kept.h);
        kept.y = y;
        kept.set = true;
    }
    *out = kept.h;
    return kept.n;
}

const struct holiday *calendar_holiday_on(const struct calendar *cal, date_t d,
                                          struct holiday *scratch)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    if (calendar_feed_covers(cal, y)) {
        int i = feed_lower_bound(cal, d);
        return i < cal->nfeed && cal->feed[i].date == d ? &cal->feed[i] : NULL;
    }
    const struct holiday *year;
    int n = rule_year_kept(y, &year);
    for (int i = 0; i < n; i++)
        if (year[i].date == d) {
            *scratch = year[i];
            return scratch;
        }
    return NULL;
}

bool calendar_is_business_day(const struct calendar *cal, date_t d)
{
    struct holiday scratch;
    return !weekend(d) && !calendar_holiday_on(cal, d, &scratch);
}

date_t calendar_next_business_day(const struct calendar *cal, date_t d)
{
    do
        d++;
    while (!calendar_is_business_day(cal, d));
    return d;
}

date_t calendar_following(const struct calendar *cal, date_t d)
{
    return calendar_is_business_day(cal, d) ? d : calendar_next_business_day(cal, d);
}

date_t calendar_modified_following(const struct calendar *cal, date_t d)
{
    date_t f = calendar_following(cal, d);
    int y1, m1, d1, y2, m2, d2;
    date_to_ymd(d, &y1, &m1, &d1);
    date_to_ymd(f, &y2, &m2, &d2);
    if (m1 == m2 && y1 == y2)
        return f;
    date_t p = d - 1;
    while (!calendar_is_business_day(cal, p))
        p--;
    return p;
}

int calendar_holidays(const struct calendar *cal, date_t from, date_t to, struct holiday *out,
                      int cap)
{
    int n = 0;
    if (from > to)
        return 0;
    int y0, y1, m, d;
    date_to_ymd(from, &y0, &m, &d);
    date_to_ymd(to, &y1, &m, &d);
    for (int y = y0; y <= y1; y++) {
        if (calendar_feed_covers(cal, y)) {
            for (int i = feed_lower_bound(cal, ymd(y, 1, 1));
                 i < cal->nfeed && cal->feed[i].date <= ymd(y, 12, 31); i++) {
                if (cal->feed[i].date < from || cal->feed[i].date > to)
                    continue;
                if (n < cap)
                    out[n] = cal->feed[i];
                n++;
            }
            continue;
        }
        struct holiday year[CALENDAR_YEAR_MAX];
        int k = calendar_rule_year(y, year);
        for (int i = 0; i < k; i++) {
            if (year[i].date < from || year[i].date > to)
                continue;
            if (n < cap)
                out[n] = year[i];
            n++;
        }
    }
    return n;
}
