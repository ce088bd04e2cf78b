/* test_json_out.c: JSON written straight into a strbuf (util/json_out.h) is byte for byte what
 * cJSON_PrintUnformatted prints of the same values (strings with every byte that needs escaping,
 * numbers, money, dates, rates), and the lending list's "counterparties" text
 * (views/lending_json.h lending_entries_text) is what cJSON prints of the objects
 * lending_list_json builds, over entries that take every branch (limits and days unbounded or
 * not, groups by code or by heading, rated or not), with and without the counterparties' parts
 * written once (lending_cp_texts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/json_out.h"
#include "views/lending_json.h"

/* What cJSON prints of item (owned, deleted here): the text to compare with. */
static char *printed(cJSON *item)
{
    char *s = cJSON_PrintUnformatted(item);
    cJSON_Delete(item);
    return s;
}

static void check_string(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    json_out_string(&sb, s);
    char *want = printed(cJSON_CreateString(s));
    assert_string_equal(sb.buf, want);
    free(want);
    strbuf_free(&sb);
}

static void test_strings(void **state)
{
    (void)state;
    check_string("");
    check_string("plain ASCII text, long enough to take the word-at-a-time path of the writer");
    check_string("quote \" backslash \\ slash / end");
    check_string("\"\\\"\\");
    check_string("tab\tnewline\nreturn\rback\bfeed\f");
    check_string("\x01\x02\x1f\x7f and DEL stays");
    check_string("caf\xc3\xa9 \xc2\xa3" "5,000 \xe2\x82\xac");
    char all[256];
    for (int i = 1; i < 256; i++) /* every byte but NUL, in every position of a word */
        all[i - 1] = (char)i;
    all[255] = '\0';
    check_string(all);
    for (int shift = 0; shift < 9; shift++) { /* an escape at each offset of an 8-byte word */
        char s[32];
        memset(s, 'a', sizeof s);
        s[shift] = '"';
        s[shift + 9] = '\n';
        s[31] = '\0';
        check_string(s);
    }
    /* every byte that is escaped, and a few high ones that are not, at each offset of three
     * 16-byte blocks (the SSE2 scan) and its tail */
    static const unsigned char bytes[] = {1, 2, 8, 9, 10, 12, 13, 31, '"', '\\', 32, 127, 128, 0xc3, 0xff};
    for (size_t b = 0; b < sizeof bytes; b++)
        for (int at = 0; at < 53; at++) {
            char s[54];
            memset(s, 'a' + at % 26, sizeof s);
            s[at] = (char)bytes[b];
            s[53] = '\0';
            check_string(s);
        }
}

/* json_out_money writes its own digits: the same text as money_format between quotes, for the
 * edges (zero, under a pound, negative, INT64 extremes) and a sweep over many magnitudes. */
static void check_money(money_t m)
{
    char want[MONEY_BUFSZ + 2];
    char fmt[MONEY_BUFSZ];
    snprintf(want, sizeof want, "\"%s\"", money_format(m, MONEY_PLAIN, fmt));
    struct strbuf sb = STRBUF_INIT;
    json_out_bytes(&sb, "x", 1); /* appended after text already there */
    json_out_money(&sb, m);
    assert_string_equal(sb.buf + 1, want);
    assert_int_equal(sb.len, strlen(want) + 1);
    strbuf_free(&sb);
}

static void test_money_writer(void **state)
{
    (void)state;
    money_t edges[] = {0, 1, -1, 5, -5, 9, 10, -10, 99, -99, 100, -100, 101, 999, 1000, 123456,
                       -123456, 500000000, -123456789, INT64_MAX, INT64_MAX - 1, INT64_MIN,
                       INT64_MIN + 1, MONEY_MIN, MONEY_MAX};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
        check_money(edges[i]);
    for (int64_t m = -2500; m <= 2500; m++)
        check_money(m);
    uint64_t x = 88172645463325252u; /* xorshift64: many lengths and digits */
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        money_t m = (money_t)(x >> (1u + (unsigned)(i % 60))); /* never negative */
        check_money(m);
        check_money(-m);
    }
    for (money_t p = 1; p > 0 && p < INT64_MAX / 10; p *= 10) {
        check_money(p);
        check_money(p - 1);
        check_money(-p);
        check_money(-(p - 1));
    }
}

static void test_values(void **state)
{
    (void)state;
    int ints[] = {0, 1, -1, 9, 10, 365, 18250, -40000, 2147483647, -2147483647 - 1};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        struct strbuf sb = STRBUF_INIT;
        json_out_int(&sb, ints[i]);
        char *want = printed(cJSON_CreateNumber(ints[i]));
        assert_string_equal(sb.buf, want);
        free(want);
        strbuf_free(&sb);
    }
    money_t ms[] = {0, 1, -1, 99, 100, 500000000, -123456789, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++) {
        struct strbuf sb = STRBUF_INIT;
        json_out_money(&sb, ms[i]);
        cJSON *o = cJSON_CreateObject();
        char *want = cJSON_PrintUnformatted(json_add_money(o, "m", ms[i]));
        assert_string_equal(sb.buf, want);
        free(want);
        cJSON_Delete(o);
        strbuf_free(&sb);
    }
    date_t ds[] = {DATE_NONE, 0, 20000, 20269};
    for (size_t i = 0; i < sizeof ds / sizeof *ds; i++) {
        struct strbuf sb = STRBUF_INIT;
        json_out_date(&sb, ds[i]);
        cJSON *o = cJSON_CreateObject();
        char *want = cJSON_PrintUnformatted(json_add_date(o, "d", ds[i]));
        assert_string_equal(sb.buf, want);
        free(want);
        cJSON_Delete(o);
        strbuf_free(&sb);
    }
    rate_t rs[] = {0, 1, 6372200, -250000, 49999};
    for (size_t i = 0; i < sizeof rs / sizeof *rs; i++) {
        struct strbuf sb = STRBUF_INIT;
        json_out_rate(&sb, rs[i]);
        cJSON *o = cJSON_CreateObject();
        char *want = cJSON_PrintUnformatted(json_add_rate(o, "r", rs[i]));
        assert_string_equal(sb.buf, want);
        free(want);
        cJSON_Delete(o);
        strbuf_free(&sb);
    }
    /* the rate writer against rate_format: every value around the rounding of the last digit,
     * signs that round to nothing, and xorshift values of every size */
    uint64_t x = 88172645463325252u;
    for (int i = -200000; i <= 240000; i++) {
        rate_t r = i <= 200000 ? (rate_t)i : (rate_t)(x ^= x << 13, x ^= x >> 7, x ^= x << 17) >> (i % 60);
        if (i > 200000 && (i & 1))
            r = -r;
        struct strbuf rb = STRBUF_INIT;
        json_out_rate(&rb, r);
        char want[RATE_BUFSZ + 2], f[RATE_BUFSZ];
        snprintf(want, sizeof want, "\"%s\"", rate_format(r, 4, f));
        assert_string_equal(rb.buf, want);
        strbuf_free(&rb);
    }
    struct strbuf sb = STRBUF_INIT;
    json_out_bool(&sb, true);
    strbuf_append_char(&sb, ',');
    json_out_bool(&sb, false);
    strbuf_append_char(&sb, ',');
    json_out_null(&sb);
    assert_string_equal(sb.buf, "true,false,null");
    strbuf_free(&sb);
}

static void test_lending_entries(void **state)
{
    (void)state;
    static struct counterparty cps[4] = {
        {.id = 1, .code = "HEAD", .name = "Head \"Bank\" plc", .sector = SECTOR_BANK, .country = "GB"},
        {.id = 2, .code = "SUB", .name = "Sub\\sidiary\tLtd", .sector = SECTOR_BANK, .country = "GB",
         .group_code = "HEAD"},
        {.id = 3, .code = "LA1", .name = "Some Council", .sector = SECTOR_LOCAL_AUTHORITY, .country = "GB"},
        {.id = 4, .code = "MMF", .name = "Fund \xc2\xa3", .sector = SECTOR_MMF, .country = "IE"},
    };
    static struct lending_entry e[4];
    memset(e, 0, sizeof e);
    e[0] = (struct lending_entry){.cp = &cps[0], .status = LEND_APPROVED, .limit = {false, 2500000000},
                                  .max_days = {false, 365}, .notch = 5, .exposure = 100000000};
    snprintf(e[0].basis, sizeof e[0].basis, "A+ (lowest of \"Fitch\", Moody's)\n");
    e[1] = (struct lending_entry){.cp = &cps[1], .status = LEND_SUSPENDED, .limit = {false, 0},
                                  .max_days = {true, 0}, .watch_negative = true, .exposure = 700};
    e[2] = (struct lending_entry){.cp = &cps[2], .status = LEND_APPROVED, .limit = {true, 0},
                                  .max_days = {false, 1825}, .exposure = 0};
    e[3] = (struct lending_entry){.cp = &cps[3], .status = LEND_APPROVED, .limit = {false, 100},
                                  .max_days = {false, 0}, .notch = 1, .exposure = 5000};
    e[0].last_start = 19990;
    struct lending_input in = {.cps = cps, .ncps = 4};
    /* breaches of each shape (over duration with its days and refs; a subject with and without a
     * latest start) and totals limited and not */
    static struct lending_breach bs[4];
    memset(bs, 0, sizeof bs);
    bs[0] = (struct lending_breach){.kind = "counterparty.over_limit", .subject = "HEAD", .exposure = 100000000,
                                    .limit = {false, 5000}, .passive = true, .why = "exposure \"over\"\tlimit"};
    bs[1] = (struct lending_breach){.kind = "counterparty.over_duration", .subject = "SUB", .exposure = 700,
                                    .limit = {true, 0}, .days = 400, .max_days = 365, .refs = "D1,D2",
                                    .why = "deals D1,D2 run 400 days"};
    bs[2] = (struct lending_breach){.kind = "group.over_limit", .subject = "HEAD", .exposure = -5,
                                    .limit = {false, 0}, .why = "group"};
    bs[3] = (struct lending_breach){.kind = "sector.over_limit", .subject = "nowhere", .why = ""};
    static struct lending_total gs[2], cs[1];
    memset(gs, 0, sizeof gs);
    memset(cs, 0, sizeof cs);
    gs[0] = (struct lending_total){.key = "HEAD", .exposure = 100000700, .all_exposure = 100000700,
                                   .limit = {false, 200000000}, .last_start = 19990};
    gs[1] = (struct lending_total){.key = "X\"Y", .exposure = 5, .all_exposure = 9, .limit = {false, 1},
                                   .last_start = DATE_NONE};
    cs[0] = (struct lending_total){.key = "GB", .exposure = 1, .all_exposure = 2, .limit = {true, 0},
                                   .last_start = DATE_NONE};
    struct lending_list l = {.as_of = 20000, .e = e, .n = 4, .b = bs, .nb = 4, .groups = gs, .ngroups = 2,
                             .countries = cs, .ncountries = 1};
    for (int with_input = 0; with_input < 2; with_input++) {
        const struct lending_input *pin = with_input ? &in : NULL;
        cJSON *doc = lending_list_json(pin, &l);
        char *want = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(doc, "counterparties"));
        char *got = lending_entries_text(pin, &l);
        assert_string_equal(got, want);
        free(got);
        /* with the counterparties' parts written once (lending_cp_texts), and with parts
         * written of other counterparties (ignored) */
        struct lending_cp_texts t, other;
        struct counterparty copy[4];
        memcpy(copy, cps, sizeof copy);
        struct lending_input in_copy = {.cps = copy, .ncps = 4};
        lending_cp_texts_build(&in, &t);
        lending_cp_texts_build(&in_copy, &other);
        got = lending_entries_text_with(pin, &l, &t);
        assert_string_equal(got, want);
        free(got);
        got = lending_entries_text_with(pin, &l, &other);
        assert_string_equal(got, want);
        free(got);
        cJSON *with = lending_list_json_texts(pin, &l, LENDING_ENTRIES_RAW, &t);
        char *wt = cJSON_PrintUnformatted(with), *wd = cJSON_PrintUnformatted(doc);
        assert_string_equal(wt, wd);
        free(wt);
        free(wd);
        cJSON_Delete(with);
        lending_cp_texts_free(&t);
        lending_cp_texts_free(&other);
        free(want);
        /* the whole document as text (lending_list_text), with and without the parts written once */
        char *whole = cJSON_PrintUnformatted(doc);
        lending_cp_texts_build(&in, &t);
        got = lending_list_text(pin, &l, NULL);
        assert_string_equal(got, whole);
        free(got);
        got = lending_list_text(pin, &l, &t);
        assert_string_equal(got, whole);
        free(got);
        struct lending_list none = {.as_of = DATE_NONE};
        cJSON *nd = lending_list_json(pin, &none);
        char *nw = cJSON_PrintUnformatted(nd);
        got = lending_list_text(pin, &none, &t);
        assert_string_equal(got, nw);
        free(got);
        free(nw);
        cJSON_Delete(nd);
        lending_cp_texts_free(&t);
        free(whole);
        /* and the whole document with the entries as one raw node prints the same */
        cJSON *raw = lending_list_json_as(pin, &l, LENDING_ENTRIES_RAW);
        char *a = cJSON_PrintUnformatted(doc), *b = cJSON_PrintUnformatted(raw);
        assert_string_equal(b, a);
        free(a);
        free(b);
        cJSON_Delete(raw);
        cJSON_Delete(doc);
    }
    struct lending_list empty = {.as_of = 20000};
    char *got = lending_entries_text(&in, &empty);
    assert_string_equal(got, "[]");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_money_writer),
        cmocka_unit_test(test_lending_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
