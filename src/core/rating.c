/* rating.c: the three agencies' scales as tables of (symbol, notch) (see rating.h). */
#include "core/rating.h"

#include <stdio.h>
#include <string.h>

struct symbol {
    const char *text;
    int notch;
};

/* Fitch and S&P share the long-term letters; they differ only in the default grades. */
static const struct symbol fitch_long[] = {
    {"AAA", 1}, {"AA+", 2}, {"AA", 3}, {"AA-", 4}, {"A+", 5}, {"A", 6}, {"A-", 7},
    {"BBB+", 8}, {"BBB", 9}, {"BBB-", 10}, {"BB+", 11}, {"BB", 12}, {"BB-", 13},
    {"B+", 14}, {"B", 15}, {"B-", 16}, {"CCC+", 17}, {"CCC", 18}, {"CCC-", 19},
    {"CC", 20}, {"C", 21}, {"RD", 22}, {"D", 23}, {NULL, 0}};
static const struct symbol sp_long[] = {
    {"AAA", 1}, {"AA+", 2}, {"AA", 3}, {"AA-", 4}, {"A+", 5}, {"A", 6}, {"A-", 7},
    {"BBB+", 8}, {"BBB", 9}, {"BBB-", 10}, {"BB+", 11}, {"BB", 12}, {"BB-", 13},
    {"B+", 14}, {"B", 15}, {"B-", 16}, {"CCC+", 17}, {"CCC", 18}, {"CCC-", 19},
    {"CC", 20}, {"C", 21}, {"SD", 22}, {"D", 23}, {NULL, 0}};
static const struct symbol moodys_long[] = {
    {"Aaa", 1}, {"Aa1", 2}, {"Aa2", 3}, {"Aa3", 4}, {"A1", 5}, {"A2", 6}, {"A3", 7},
    {"Baa1", 8}, {"Baa2", 9}, {"Baa3", 10}, {"Ba1", 11}, {"Ba2", 12}, {"Ba3", 13},
    {"B1", 14}, {"B2", 15}, {"B3", 16}, {"Caa1", 17}, {"Caa2", 18}, {"Caa3", 19},
    {"Ca", 20}, {"C", 21}, {NULL, 0}};
static const struct symbol fitch_short[] = {
    {"F1+", 1}, {"F1", 2}, {"F2", 3}, {"F3", 4}, {"B", 5}, {"C", 6}, {"RD", 7}, {"D", 8}, {NULL, 0}};
static const struct symbol sp_short[] = {
    {"A-1+", 1}, {"A-1", 2}, {"A-2", 3}, {"A-3", 4}, {"B", 5}, {"C", 6}, {"R", 7}, {"SD", 7},
    {"D", 8}, {NULL, 0}};
static const struct symbol moodys_short[] = {
    {"P-1", 1}, {"P-2", 3}, {"P-3", 4}, {"NP", 5}, {NULL, 0}};

static const struct symbol *scale(enum agency a, enum rating_term t)
{
    switch (a) {
    case AGENCY_FITCH:
        return t == TERM_LONG ? fitch_long : fitch_short;
    case AGENCY_MOODYS:
        return t == TERM_LONG ? moodys_long : moodys_short;
    case AGENCY_SP:
        return t == TERM_LONG ? sp_long : sp_short;
    default:
        return NULL;
    }
}

static const char *const agencies[AGENCY_COUNT] = {"fitch", "moodys", "sp"};

const char *agency_name(enum agency a)
{
    return (unsigned)a < AGENCY_COUNT ? agencies[a] : "?";
}

bool agency_parse(const char *s, enum agency *out)
{
    for (int i = 0; s && i < AGENCY_COUNT; i++)
        if (strcmp(s, agencies[i]) == 0) {
            *out = (enum agency)i;
            return true;
        }
    return false;
}

const char *term_name(enum rating_term t)
{
    return t == TERM_LONG ? "long" : "short";
}

bool term_parse(const char *s, enum rating_term *out)
{
    if (s && strcmp(s, "long") == 0)
        *out = TERM_LONG;
    else if (s && strcmp(s, "short") == 0)
        *out = TERM_SHORT;
    else
        return false;
    return true;
}

int rating_notch(enum agency a, enum rating_term t, const char *text)
{
    const struct symbol *s = scale(a, t);
    for (; s && text && s->text; s++)
        if (strcmp(s->text, text) == 0)
            return s->notch;
    return 0;
}

int rating_long_notch_any(const char *text)
{
    int n = rating_notch(AGENCY_FITCH, TERM_LONG, text);
    if (!n)
        n = rating_notch(AGENCY_SP, TERM_LONG, text);
    if (!n)
        n = rating_notch(AGENCY_MOODYS, TERM_LONG, text);
    return n;
}

const char *rating_long_symbol(int notch)
{
    return notch >= 1 && notch <= NOTCH_LONG_WORST ? fitch_long[notch - 1].text : "?";
}

const char *rating_short_symbol(int notch)
{
    return notch >= 1 && notch <= NOTCH_SHORT_WORST ? fitch_short[notch - 1].text : "?";
}

void rating_valid_list(enum agency a, enum rating_term t, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const struct symbol *s = scale(a, t); s && s->text && used < n; s++) {
        int w = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", s->text);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}
