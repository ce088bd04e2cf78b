/* test_lending.c: the lending list rules, exposure, breaches (active and passive), the pre-deal
 * check and the list's changes, each on a small hand-made book with hand-computed figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/balance.h"
#include "core/lending.h"

#define M(pounds) ((money_t)(pounds) * 100)

static date_t D(const char *s)
{
    date_t d;
    const char *why;
    assert_true(date_parse(s, &d, &why));
    return d;
}

/* ---- a tiny book builder ---- */
static struct counterparty cps[160];
static struct investment inv[32];
static struct rating_action rat[32];
static struct officer_action act[16];
static struct strategy strat[2];
static struct lending_input in;

static void reset(void)
{
    memset(cps, 0, sizeof cps);
    memset(inv, 0, sizeof inv);
    memset(rat, 0, sizeof rat);
    memset(act, 0, sizeof act);
    memset(strat, 0, sizeof strat);
    memset(&in, 0, sizeof in);
    in.cps = cps;
    in.inv = inv;
    in.ratings = rat;
    in.actions = act;
    in.strategies = strat;
    /* the strategy of interfaces.md */
    struct strategy *s = &strat[0];
    strategy_defaults(s);
    s->effective_from = D("2017-04-01");
    s->rating_basis = BASIS_LOWEST;
    s->criteria[0] = (struct strategy_criterion){4, {false, M(25000000)}, {false, 395}};
    s->criteria[1] = (struct strategy_criterion){6, {false, M(15000000)}, {false, 182}};
    s->ncriteria = 2;
    s->sectors[SECTOR_LOCAL_AUTHORITY] = (struct strategy_sector){true, {false, M(20000000)}, {false, 1825}, false};
    s->sectors[SECTOR_CENTRAL_GOVERNMENT] = (struct strategy_sector){true, {true, 0}, {false, 18250}, false};
    s->sectors[SECTOR_MMF] = (struct strategy_sector){true, {false, M(25000000)}, {false, 0}, false};
    s->non_uk_min_sovereign_notch = 3; /* AA */
    s->watch_negative = WATCH_OVERNIGHT_ONLY;
    in.nstrategies = 1;
}

static int64_t cp(const char *code, enum sector sec, const char *country, const char *group)
{
    struct counterparty *c = &cps[in.ncps];
    c->id = 100 + in.ncps;
    snprintf(c->code, sizeof c->code, "%s", code);
    snprintf(c->name, sizeof c->name, "%s plc", code);
    c->sector = sec;
    snprintf(c->country, sizeof c->country, "%s", country);
    snprintf(c->group_code, sizeof c->group_code, "%s", group ? group : "");
    in.ncps++;
    return c->id;
}

static void rate(int64_t id, enum agency a, const char *text, const char *date, bool watch)
{
    struct rating_action *r = &rat[in.nratings++];
    r->counterparty_id = id;
    r->agency = a;
    r->term = TERM_LONG;
    snprintf(r->text, sizeof r->text, "%s", text);
    r->notch = rating_notch(a, TERM_LONG, text);
    assert_true(r->notch > 0);
    r->effective = D(date);
    r->watch_negative = watch;
}

static void deal(const char *ref, int64_t id, money_t amount, const char *start, const char *maturity)
{
    struct investment *d = &inv[in.ninv++];
    d->id = in.ninv;
    snprintf(d->ref, sizeof d->ref, "%s", ref);
    d->type = maturity ? INV_FIXED : INV_CALL;
    d->counterparty_id = id;
    d->principal = amount;
    d->start = D(start);
    d->maturity = maturity ? D(maturity) : DATE_NONE;
    d->notice_days = -1;
    d->status = DEAL_CONFIRMED;
}

static void officer(int64_t id, enum officer_kind k, const char *from, money_t limit, int days)
{
    struct officer_action *o = &act[in.nactions++];
    o->counterparty_id = id;
    o->kind = k;
    o->from = D(from);
    o->limit = limit < 0 ? (struct opt_money){true, 0} : (struct opt_money){false, limit};
    o->max_days = days < 0 ? (struct opt_days){true, 0} : (struct opt_days){false, days};
    snprintf(o->reason, sizeof o->reason, "officer decision");
}

static struct lending_list L;

/* lending_evaluate_held (recompute's) must find exactly lending_evaluate's breaches (their why
 * included), and judge every counterparty with an outstanding deal exactly as it does. */
static void held_agrees(date_t a)
{
    struct lending_list h;
    assert_int_equal(lending_evaluate_held(&in, a, &h), 0);
    assert_int_equal(h.nb, L.nb);
    for (int i = 0; i < L.nb; i++) {
        assert_string_equal(h.b[i].kind, L.b[i].kind);
        assert_string_equal(h.b[i].subject, L.b[i].subject);
        assert_int_equal(h.b[i].exposure, L.b[i].exposure);
        assert_int_equal(h.b[i].limit.amount, L.b[i].limit.amount);
        assert_int_equal(h.b[i].passive, L.b[i].passive);
        assert_string_equal(h.b[i].why, L.b[i].why);
        assert_string_equal(h.b[i].refs, L.b[i].refs);
    }
    for (int k = 0; k < L.n; k++) {
        bool held = false;
        for (int i = 0; i < in.ninv && !held; i++)
            held = in.inv[i].counterparty_id == L.e[k].cp->id && lending_outstanding(&in.inv[i], a);
        const struct lending_entry *e = lending_find(&in, &h, L.e[k].cp->id);
        if (!held) {
            assert_null(e); /* only the held ones have an entry */
            continue;
        }
        assert_non_null(e);
        assert_int_equal(e->status, L.e[k].status);
        assert_int_equal(e->limit.unlimited, L.e[k].limit.unlimited);
        assert_int_equal(e->limit.amount, L.e[k].limit.amount);
        assert_int_equal(e->max_days.days, L.e[k].max_days.days);
        if (e->basis[0]) /* filled for the counterparties whose breach explains it */
            assert_string_equal(e->basis, L.e[k].basis);
        assert_int_equal(e->exposure, L.e[k].exposure);
        assert_int_equal(e->notch, L.e[k].notch);
    }
    lending_list_free(&h);
}

static void same_totals(const struct lending_total *x, int nx, const struct lending_total *y, int ny)
{
    assert_int_equal(nx, ny);
    for (int i = 0; i < nx; i++) {
        assert_string_equal(x[i].key, y[i].key);
        assert_true(x[i].exposure == y[i].exposure && x[i].all_exposure == y[i].all_exposure);
        assert_true(x[i].limit.unlimited == y[i].limit.unlimited && x[i].limit.amount == y[i].limit.amount);
        assert_int_equal(x[i].last_start, y[i].last_start);
    }
}

/* The totals through the index's key numbers (lending_index.key) are those found by key (an
 * index without the numbers), in the same order, with and without held_only. */
static void keyed_agrees(date_t a)
{
    struct lending_index ix;
    struct lending_input with = in;
    lending_index_build(&in, &ix);
    with.index = &ix;
    for (int held = 0; held < 2; held++) {
        struct lending_list k, h;
        assert_int_equal((held ? lending_evaluate_held : lending_evaluate)(&with, a, &k), 0);
        int *keys[3];
        memcpy(keys, ix.key, sizeof keys);
        memset(ix.key, 0, sizeof ix.key); /* no numbers: by key */
        assert_int_equal((held ? lending_evaluate_held : lending_evaluate)(&with, a, &h), 0);
        memcpy(ix.key, keys, sizeof keys);
        same_totals(k.groups, k.ngroups, h.groups, h.ngroups);
        same_totals(k.countries, k.ncountries, h.countries, h.ncountries);
        same_totals(k.sectors, k.nsectors, h.sectors, h.nsectors);
        assert_int_equal(k.nb, h.nb);
        for (int i = 0; i < k.nb; i++)
            assert_string_equal(k.b[i].why, h.b[i].why);
        lending_list_free(&k);
        lending_list_free(&h);
    }
    lending_index_free(&ix);
}

static const struct lending_entry *at(int64_t id, const char *date)
{
    lending_list_free(&L);
    assert_int_equal(lending_evaluate(&in, D(date), &L), 0);
    held_agrees(D(date));
    keyed_agrees(D(date));
    const struct lending_entry *e = lending_find(&in, &L, id);
    assert_non_null(e);
    return e;
}

static const struct lending_breach *breach(const char *kind, const char *subject)
{
    for (int i = 0; i < L.nb; i++)
        if (strcmp(L.b[i].kind, kind) == 0 && strcmp(L.b[i].subject, subject) == 0)
            return &L.b[i];
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    reset();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lending_list_free(&L);
    return 0;
}

/* ---- the rules ---- */

static void test_rating_criteria_lowest(void **state)
{
    (void)state;
    int64_t b = cp("BANKA", SECTOR_BANK, "GB", NULL);
    rate(b, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(b, AGENCY_MOODYS, "Aa3", "2017-01-01", false);
    const struct lending_entry *e = at(b, "2018-03-31");
    assert_int_equal(e->status, LEND_APPROVED);
    assert_false(e->limit.unlimited);
    assert_int_equal(e->limit.amount, M(25000000));
    assert_int_equal(e->max_days.days, 395);
    assert_string_equal(e->basis, "rating AA- (lowest of fitch AA-, moodys Aa3) meets criterion AA-");

    /* S&P at A+: the lowest is A+, which meets the second row (A): 15m for 182 days */
    rate(b, AGENCY_SP, "A+", "2018-01-10", false);
    e = at(b, "2018-03-31");
    assert_int_equal(e->limit.amount, M(15000000));
    assert_int_equal(e->max_days.days, 182);
    assert_string_equal(e->basis, "rating A+ (lowest of fitch AA-, moodys Aa3, sp A+) meets criterion A");
    /* before the S&P action the rating was still AA- */
    e = at(b, "2018-01-09");
    assert_int_equal(e->limit.amount, M(25000000));

    /* the strategy may choose the highest */
    strat[0].rating_basis = BASIS_HIGHEST;
    e = at(b, "2018-03-31");
    assert_int_equal(e->limit.amount, M(25000000));
    assert_non_null(strstr(e->basis, "highest of"));
}

static void test_unrated_and_below_criteria(void **state)
{
    (void)state;
    int64_t u = cp("UNRATED", SECTOR_BANK, "GB", NULL);
    int64_t low = cp("LOWBANK", SECTOR_BUILDING_SOCIETY, "GB", NULL);
    rate(low, AGENCY_FITCH, "BBB+", "2017-01-01", false);
    int64_t corp = cp("CORP", SECTOR_CORPORATE, "GB", NULL);
    const struct lending_entry *e = at(u, "2018-03-31");
    assert_int_equal(e->status, LEND_NOT_APPROVED);
    assert_string_equal(e->basis, "unrated bank");
    e = lending_find(&in, &L, low);
    assert_int_equal(e->status, LEND_NOT_APPROVED);
    assert_string_equal(e->basis, "rating BBB+ (only fitch BBB+) below every criterion (lowest A)");
    e = lending_find(&in, &L, corp);
    assert_int_equal(e->status, LEND_NOT_APPROVED);
    assert_string_equal(e->basis, "sector corporate is not in the strategy");
    /* before the strategy took effect nothing is approved, but nothing is judged a breach */
    deal("LOW1", low, M(1000000), "2017-01-02", "2017-06-30");
    e = at(low, "2017-03-31");
    assert_string_equal(e->basis, "no strategy in force");
    assert_int_equal(e->exposure, M(1000000));
    assert_int_equal(L.nb, 0);
    at(low, "2017-04-01");
    assert_non_null(breach("counterparty.not_approved_exposure", "LOWBANK"));
}

static void test_sector_rules(void **state)
{
    (void)state;
    int64_t la = cp("LEEDS", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
    int64_t dmo = cp("DMADF", SECTOR_CENTRAL_GOVERNMENT, "GB", NULL);
    int64_t mmf = cp("MMF1", SECTOR_MMF, "IE", NULL);
    const struct lending_entry *e = at(la, "2018-03-31");
    assert_int_equal(e->status, LEND_APPROVED);
    assert_int_equal(e->limit.amount, M(20000000));
    assert_int_equal(e->max_days.days, 1825);
    assert_string_equal(e->basis, "sector local_authority");
    e = lending_find(&in, &L, dmo);
    assert_true(e->limit.unlimited);
    e = lending_find(&in, &L, mmf);
    assert_int_equal(e->max_days.days, 0);
    assert_int_equal(e->status, LEND_APPROVED); /* the sovereign floor is for banks only */

    /* a sector that needs a rating */
    strat[0].sectors[SECTOR_HOUSING_ASSOCIATION] =
        (struct strategy_sector){true, {false, M(5000000)}, {false, 365}, true};
    int64_t ha = cp("HA1", SECTOR_HOUSING_ASSOCIATION, "GB", NULL);
    e = at(ha, "2018-03-31");
    assert_int_equal(e->status, LEND_NOT_APPROVED);
    assert_string_equal(e->basis, "sector housing_association needs a rating: unrated");
    rate(ha, AGENCY_MOODYS, "A2", "2017-06-01", false);
    e = at(ha, "2018-03-31");
    assert_int_equal(e->status, LEND_APPROVED);
    assert_int_equal(e->limit.amount, M(5000000));
}

static void test_sovereign_floor(void **state)
{
    (void)state;
    int64_t usb = cp("USBANK", SECTOR_BANK, "US", NULL);
    int64_t frb = cp("FRBANK", SECTOR_BANK, "FR", NULL);
    int64_t de = cp("DEBANK", SECTOR_BANK, "DE", NULL);
    int64_t ust = cp("USTREAS", SECTOR_CENTRAL_GOVERNMENT, "US", NULL);
    int64_t frt = cp("FRTRES", SECTOR_CENTRAL_GOVERNMENT, "FR", NULL);
    rate(usb, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(frb, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(de, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(ust, AGENCY_FITCH, "AAA", "2017-01-01", false);
    rate(frt, AGENCY_FITCH, "AA", "2017-01-01", false);
    rate(frt, AGENCY_FITCH, "AA-", "2018-02-01", false);
    const struct lending_entry *e = at(usb, "2018-03-31");
    assert_int_equal(e->status, LEND_APPROVED);
    e = lending_find(&in, &L, frb);
    assert_int_equal(e->status, LEND_NOT_APPROVED);
    assert_string_equal(e->basis, "sovereign FR rated AA- (only fitch AA-) below the minimum AA for non-UK banks");
    e = lending_find(&in, &L, de);
    assert_int_equal(e->status, LEND_NOT_APPROVED);
    assert_non_null(strstr(e->basis, "no sovereign rating for DE"));
    /* at AA (before the downgrade) France met the floor */
    e = at(frb, "2018-01-31");
    assert_int_equal(e->status, LEND_APPROVED);
}

static void test_negative_watch(void **state)
{
    (void)state;
    int64_t b = cp("WATCHED", SECTOR_BANK, "GB", NULL);
    rate(b, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(b, AGENCY_FITCH, "AA-", "2018-03-01", true);
    const struct lending_entry *e = at(b, "2018-03-31");
    assert_int_equal(e->status, LEND_APPROVED);
    assert_int_equal(e->max_days.days, 1);
    assert_int_equal(e->limit.amount, M(25000000));
    assert_non_null(strstr(e->basis, "negative watch: overnight only"));
    strat[0].watch_negative = WATCH_SUSPEND;
    e = at(b, "2018-03-31");
    assert_int_equal(e->status, LEND_NOT_APPROVED);
    strat[0].watch_negative = WATCH_IGNORE;
    e = at(b, "2018-03-31");
    assert_int_equal(e->max_days.days, 395);
}

static void test_officer_actions_only_tighten(void **state)
{
    (void)state;
    int64_t la = cp("COUNCIL", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
    int64_t corp = cp("CORP", SECTOR_CORPORATE, "GB", NULL);
    officer(la, OFFICER_RESTRICT, "2017-10-01", M(5000000), 3650); /* days looser than 1825 */
    officer(la, OFFICER_SUSPEND, "2018-02-05", 0, 0);
    officer(la, OFFICER_REINSTATE, "2018-03-20", 0, 0);
    officer(corp, OFFICER_RESTRICT, "2017-10-01", M(1000000), 30);
    const struct lending_entry *e = at(la, "2017-09-30");
    assert_int_equal(e->status, LEND_APPROVED);
    e = at(la, "2017-10-01");
    assert_int_equal(e->status, LEND_RESTRICTED);
    assert_int_equal(e->limit.amount, M(5000000));
    assert_int_equal(e->max_days.days, 1825); /* the strategy's, tighter than the officer's */
    assert_string_equal(e->basis, "restricted by officers from 2017-10-01: officer decision; strategy: sector local_authority");
    e = lending_find(&in, &L, corp);
    assert_int_equal(e->status, LEND_NOT_APPROVED); /* a restriction never approves */
    e = at(la, "2018-02-05");
    assert_int_equal(e->status, LEND_SUSPENDED);
    assert_string_equal(e->basis, "suspended by officers from 2018-02-05: officer decision");
    e = at(la, "2018-03-20");
    assert_int_equal(e->status, LEND_APPROVED);
    assert_int_equal(e->limit.amount, M(20000000));
}

/* The basis is written with plain appends (core/lending.c): the same text as snprintf of the
 * whole sentence, cut at the same byte when it is longer than the entry's basis. */
static void test_basis_truncated_like_snprintf(void **state)
{
    (void)state;
    int64_t b = cp("BANKT", SECTOR_BANK, "GB", NULL);
    int64_t corp = cp("CORPT", SECTOR_CORPORATE, "GB", NULL);
    rate(b, AGENCY_FITCH, "AA-", "2017-01-01", true);
    rate(b, AGENCY_MOODYS, "Aa3", "2017-01-01", true);
    rate(b, AGENCY_SP, "AA-", "2017-01-01", true);
    officer(b, OFFICER_RESTRICT, "2017-10-01", M(5000000), 30);
    officer(corp, OFFICER_RESTRICT, "2017-10-01", M(1000000), 30);
    char reason[sizeof act[0].reason];
    memset(reason, 'x', sizeof reason - 1);
    reason[sizeof reason - 1] = '\0';
    memcpy(act[0].reason, reason, sizeof reason);
    const struct lending_entry *e = at(b, "2017-09-30");
    char rule[sizeof e->basis], want[sizeof e->basis];
    snprintf(rule, sizeof rule, "%s", e->basis);
    assert_string_equal(rule, "rating AA- (lowest of fitch AA- watch negative, moodys Aa3 watch negative, "
                              "sp AA- watch negative) meets criterion AA-; on negative watch: overnight only");
    e = at(b, "2017-10-01");
    char full[1024];
    snprintf(full, sizeof full, "restricted by officers from %s: %s; strategy: %s", "2017-10-01", reason, rule);
    assert_true(strlen(full) > sizeof want - 1); /* the sentence is cut */
    memcpy(want, full, sizeof want - 1);
    want[sizeof want - 1] = '\0';
    assert_string_equal(e->basis, want);
    e = lending_find(&in, &L, corp);
    assert_string_equal(e->basis, "sector corporate is not in the strategy"
                                  " (an officer restriction from 2017-10-01 cannot approve it)");
}

/* The totals keep the order their keys first appear in, through the index's growth (64 slots,
 * then twice as many as the keys pass a third of them): 150 groups, 4 countries in turn. */
static void test_totals_in_first_seen_order(void **state)
{
    (void)state;
    static const char *const countries[] = {"GB", "FR", "DE", "NL"};
    int64_t first = 0;
    for (int i = 0; i < 150; i++) {
        char code[16], group[16];
        snprintf(code, sizeof code, "C%03d", i);
        snprintf(group, sizeof group, "G%03d", (i * 7) % 150);
        int64_t id = cp(code, SECTOR_CORPORATE, countries[i % 4], group);
        if (i == 0)
            first = id;
    }
    at(first, "2018-03-31");
    assert_int_equal(L.ngroups, 150);
    for (int i = 0; i < 150; i++) {
        char group[16];
        snprintf(group, sizeof group, "G%03d", (i * 7) % 150);
        assert_string_equal(L.groups[i].key, group);
    }
    assert_int_equal(L.ncountries, 4);
    for (int i = 0; i < 4; i++)
        assert_string_equal(L.countries[i].key, countries[i]);
    assert_int_equal(L.nsectors, 1);
    assert_string_equal(L.sectors[0].key, "corporate");
}

/* ---- exposure and breaches ---- */

static void test_exposure_and_active_over_limit(void **state)
{
    (void)state;
    int64_t la = cp("COUNCIL", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
    deal("D1", la, M(12000000), "2018-01-01", "2018-06-30");
    deal("D2", la, M(9000000), "2018-02-01", "2018-07-31");
    deal("OLD", la, M(7000000), "2017-01-01", "2018-01-31"); /* matured */
    deal("LATER", la, M(3000000), "2018-04-10", "2018-07-31"); /* not started */
    const struct lending_entry *e = at(la, "2018-03-31");
    assert_int_equal(e->exposure, M(21000000));
    const struct lending_breach *b = breach("counterparty.over_limit", "COUNCIL");
    assert_non_null(b);
    assert_int_equal(b->exposure, M(21000000));
    assert_int_equal(b->limit.amount, M(20000000));
    assert_false(b->passive); /* the limit was 20m when D2 was placed too */
    const struct lending_total *s = NULL;
    for (int i = 0; i < L.nsectors; i++)
        if (strcmp(L.sectors[i].key, "local_authority") == 0)
            s = &L.sectors[i];
    assert_non_null(s);
    assert_int_equal(s->exposure, M(21000000));
}

static void test_downgrade_passive_breaches(void **state)
{
    (void)state;
    int64_t b = cp("BANKB", SECTOR_BANK, "GB", NULL);
    rate(b, AGENCY_FITCH, "AA-", "2017-01-01", false);
    deal("B1", b, M(20000000), "2018-01-02", "2018-12-31"); /* 363 days <= 395 */
    assert_int_equal(at(b, "2018-03-31")->status, LEND_APPROVED);
    assert_int_equal(L.nb, 0);
    rate(b, AGENCY_FITCH, "A", "2018-03-15", false); /* now 15m, 182 days */
    at(b, "2018-03-31");
    const struct lending_breach *x = breach("counterparty.over_limit", "BANKB");
    assert_non_null(x);
    assert_true(x->passive);
    assert_int_equal(x->limit.amount, M(15000000));
    x = breach("counterparty.over_duration", "BANKB");
    assert_non_null(x);
    assert_true(x->passive);
    assert_int_equal(x->days, 275); /* 2018-03-31 to 2018-12-31 */
    assert_int_equal(x->max_days, 182);
    assert_string_equal(x->refs, "B1");
    /* a fall below every criterion: exposure to a no-longer-approved counterparty */
    rate(b, AGENCY_FITCH, "BBB", "2018-03-20", false);
    at(b, "2018-03-31");
    x = breach("counterparty.not_approved_exposure", "BANKB");
    assert_non_null(x);
    assert_true(x->passive);
    assert_int_equal(x->exposure, M(20000000));
    assert_null(breach("counterparty.over_limit", "BANKB"));
}

static void test_suspension_after_deal(void **state)
{
    (void)state;
    int64_t la = cp("COUNCIL", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
    deal("L1", la, M(5000000), "2018-01-15", "2018-04-15");
    officer(la, OFFICER_SUSPEND, "2018-02-05", 0, 0);
    at(la, "2018-03-31");
    const struct lending_breach *x = breach("counterparty.suspended_exposure", "COUNCIL");
    assert_non_null(x);
    assert_true(x->passive);
    assert_int_equal(x->exposure, M(5000000));
    /* a deal placed while suspended is an active breach */
    deal("L2", la, M(1000000), "2018-03-01", "2018-04-15");
    at(la, "2018-03-31");
    x = breach("counterparty.suspended_exposure", "COUNCIL");
    assert_false(x->passive);
    /* after maturity there is no exposure and no breach */
    at(la, "2018-04-15");
    assert_int_equal(L.nb, 0);
}

static void test_group_and_country_limits(void **state)
{
    (void)state;
    int64_t p = cp("PARENT", SECTOR_BANK, "GB", NULL);
    int64_t s = cp("SUB", SECTOR_BANK, "GB", "PARENT");
    rate(p, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(s, AGENCY_FITCH, "A", "2017-01-01", false);
    deal("P1", p, M(20000000), "2018-01-02", "2018-06-30");
    deal("S1", s, M(10000000), "2018-01-03", "2018-06-30");
    at(p, "2018-03-31");
    /* one limit for the group: the largest member limit, 25m; together they have 30m */
    const struct lending_breach *x = breach("group.over_limit", "PARENT");
    assert_non_null(x);
    assert_int_equal(x->exposure, M(30000000));
    assert_int_equal(x->limit.amount, M(25000000));
    assert_false(x->passive);
    assert_null(breach("counterparty.over_limit", "SUB"));
    /* a strategy group limit applies instead */
    strat[0].group_default = (struct opt_money){false, M(40000000)};
    at(p, "2018-03-31");
    assert_null(breach("group.over_limit", "PARENT"));

    /* a listed group limit beats the default */
    strat[0].groups[0] = (struct strategy_named_limit){"PARENT", {false, M(28000000)}};
    strat[0].ngroups = 1;
    at(p, "2018-03-31");
    x = breach("group.over_limit", "PARENT");
    assert_non_null(x);
    assert_int_equal(x->limit.amount, M(28000000));

    /* country limits count the banks and building societies of a non-UK country */
    int64_t us = cp("USTREAS", SECTOR_CENTRAL_GOVERNMENT, "US", NULL);
    int64_t usb = cp("USBANK", SECTOR_BANK, "US", NULL);
    int64_t usb2 = cp("USBANK2", SECTOR_BANK, "US", NULL);
    rate(us, AGENCY_SP, "AA+", "2017-01-01", false);
    rate(usb, AGENCY_SP, "AA-", "2017-01-01", false);
    rate(usb2, AGENCY_SP, "AA-", "2017-01-01", false);
    strat[0].country_default = (struct opt_money){false, M(10000000)};
    deal("U1", usb, M(8000000), "2018-01-02", "2018-06-30");
    deal("U2", us, M(4000000), "2018-01-05", "2018-06-30");
    at(p, "2018-03-31");
    assert_null(breach("country.over_limit", "US")); /* 8m of banks; treasuries do not count */
    deal("U3", usb2, M(3000000), "2018-01-06", "2018-06-30");
    at(p, "2018-03-31");
    x = breach("country.over_limit", "US");
    assert_non_null(x);
    assert_int_equal(x->exposure, M(11000000));
    assert_false(x->passive);
    assert_null(breach("country.over_limit", "GB")); /* GB is unlimited unless listed */
    for (int i = 0; i < L.ncountries; i++)
        if (strcmp(L.countries[i].key, "US") == 0)
            assert_int_equal(L.countries[i].all_exposure, M(15000000));
    /* a country listed in the strategy has its own limit */
    strat[0].countries[0] = (struct strategy_named_limit){"US", {false, M(12000000)}};
    strat[0].ncountries = 1;
    at(p, "2018-03-31");
    assert_null(breach("country.over_limit", "US"));
    /* a sector limit in total */
    strat[0].sector_totals[SECTOR_BANK] = (struct opt_money){false, M(35000000)};
    at(p, "2018-03-31");
    x = breach("sector.over_limit", "bank");
    assert_non_null(x);
    assert_int_equal(x->exposure, M(41000000));
}

/* lending_check_deal over x with an index and the counterparties' classes (lending_classes_build,
 * as the service's cache gives them: the sweep then compares numbers, not codes) gives want. */
static void check_classes(const struct lending_input *x0, date_t a, const struct investment *d, int rc,
                          const struct lending_check *want)
{
    struct lending_input x = *x0;
    struct lending_index ix;
    lending_index_build(&x, &ix);
    x.index = &ix;
    struct lending_classes cl;
    lending_classes_build(&x, &cl);
    assert_true(cl.n == x.ncps && cl.cps == x.cps);
    x.classes = &cl;
    struct lending_check got;
    assert_int_equal(lending_check_deal(&x, a, d, &got), rc);
    assert_memory_equal(want, &got, sizeof got);
    x.index = NULL; /* no index given: the check builds its own, the classes still serve */
    assert_int_equal(lending_check_deal(&x, a, d, &got), rc);
    assert_memory_equal(want, &got, sizeof got);
    lending_classes_free(&cl);
    lending_index_free(&ix);
}

/* lending_check_deal over the deals as they are, over their spans (lending_spans_build) and
 * over the spans alone with no deal (lending_spans_at over struct lending_deal, inv NULL: as the
 * service's cache gives them), each also with the counterparties' classes (check_classes): the
 * same answer byte for byte, returned in *c. */
static int check_both(date_t a, const struct investment *d, struct lending_check *c)
{
    assert_null(in.spans);
    int rc = lending_check_deal(&in, a, d, c);
    struct lending_spans sp;
    lending_spans_build(in.inv, in.ninv, &sp);
    in.spans = &sp;
    struct lending_check by_spans;
    assert_int_equal(lending_check_deal(&in, a, d, &by_spans), rc);
    check_classes(&in, a, d, rc, c);
    in.spans = NULL;
    check_classes(&in, a, d, rc, c);
    lending_spans_free(&sp);
    assert_memory_equal(c, &by_spans, sizeof *c);

    struct lending_deal deals[32];
    lending_deals_of(in.inv, in.ninv, deals);
    struct lending_balances none;
    lending_balances_build(deals, in.ninv, NULL, 0, &none);
    assert_int_equal(lending_spans_at(deals, in.ninv, &none, a, &sp), 0);
    lending_balances_free(&none);
    struct lending_input alone = in;
    alone.inv = NULL;
    alone.ninv = 0;
    alone.spans = &sp;
    struct lending_check by_alone;
    assert_int_equal(lending_check_deal(&alone, a, d, &by_alone), rc);
    check_classes(&alone, a, d, rc, c);
    lending_spans_free(&sp);
    assert_memory_equal(c, &by_alone, sizeof *c);
    return rc;
}

/* lending_spans_at over compact deals and sorted movements gives the very spans (same records,
 * same order) that investments_at then lending_spans_build give over the struct investments,
 * at dates before, within and after the movements, on a pseudo-random book of accounts that
 * fill, drain, empty and refill, dated deals repaid early, cancelled and never-outstanding ones. */
static void test_spans_at_match_investments_at(void **state)
{
    (void)state;
    enum { NDEALS = 32, NMOVES = 400 };
    unsigned seed = 12345;
    struct movement moves[NMOVES], sorted[NMOVES];
    for (int round = 0; round < 20; round++) {
        reset();
        for (int i = 0; i < NDEALS; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            struct investment *d = &inv[in.ninv++];
            d->id = i + 1;
            d->type = r % 3 == 0 ? INV_FIXED : r % 3 == 1 ? INV_CALL : INV_MMF;
            d->counterparty_id = 100 + (int64_t)(r % 5);
            d->principal = M(1000 + (r % 97) * 1000);
            d->start = D("2016-01-01") + (date_t)(r % 1500);
            d->maturity = d->type == INV_FIXED ? d->start + (date_t)((r >> 4) % 900) - 30 : DATE_NONE;
            d->status = r % 11 == 0 ? DEAL_CANCELLED : r % 7 == 0 ? DEAL_PENDING : DEAL_CONFIRMED;
            d->notice_days = -1;
        }
        int nm = 0;
        for (int k = 0; k < NMOVES; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            const struct investment *d = &inv[r % NDEALS];
            struct movement *m = &moves[nm++];
            m->investment_id = d->id;
            m->date = d->start + (date_t)((r >> 5) % 1200) - 20;
            m->kind = (enum move_kind)((r >> 3) % 4);
            m->amount = M(1 + (r >> 7) % 60000);
        }
        if (round == 19) /* a run whose running sum overflows after its first movements */
            for (int k = 0; k < 3; k++)
                moves[k] = (struct movement){inv[0].id, inv[0].start + 400 + k, MOVE_DEPOSIT, INT64_MAX / 2};
        memcpy(sorted, moves, sizeof moves);
        lending_moves_sort(sorted, nm);
        struct lending_deal deals[NDEALS];
        lending_deals_of(inv, in.ninv, deals);
        struct lending_balances bal;
        lending_balances_build(deals, in.ninv, sorted, nm, &bal);
        const char *dates[] = {"2015-06-30", "2016-03-31", "2017-01-01", "2018-06-30", "2019-12-31", "2022-01-01"};
        int overflows = 0;
        for (size_t j = 0; j < sizeof dates / sizeof *dates; j++) {
            struct investment at[NDEALS];
            memcpy(at, inv, sizeof at);
            int n = in.ninv;
            int rc = investments_at(at, &n, moves, nm, D(dates[j]));
            struct lending_spans want, got;
            int rc2 = lending_spans_at(deals, in.ninv, &bal, D(dates[j]), &got);
            assert_int_equal(rc2, rc);
            if (rc < 0) {
                overflows++;
                continue;
            }
            lending_spans_build(at, n, &want);
            assert_int_equal(got.n, want.n);
            assert_null(got.inv);
            assert_int_equal(got.ninv, 0);
            if (want.n > 0)
                assert_memory_equal(got.s, want.s, sizeof *want.s * (size_t)want.n);
            lending_spans_free(&want);
            lending_spans_free(&got);
        }
        lending_balances_free(&bal);
        if (round == 19)
            assert_true(overflows > 0 && overflows < 6); /* -1 only at the dates past the overflow */
    }
}

/* ---- the pre-deal check ---- */

static void test_check(void **state)
{
    (void)state;
    int64_t la = cp("COUNCIL", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
    int64_t susp = cp("SUSP", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
    officer(susp, OFFICER_SUSPEND, "2018-02-05", 0, 0);
    deal("E1", la, M(12000000), "2018-01-01", "2018-05-31");
    deal("E2", la, M(6000000), "2018-05-01", "2018-09-30"); /* future deal, overlapping */
    struct investment d = {.counterparty_id = la, .type = INV_FIXED, .principal = M(2000000),
                           .start = D("2018-04-03"), .maturity = D("2018-06-30"), .notice_days = -1};
    struct lending_check c;
    /* peak over its life: 12m + 6m + 2m = 20m on 2018-05-01, exactly the limit */
    assert_int_equal(check_both(D("2018-03-31"), &d, &c), 0);
    assert_true(c.allowed);
    assert_int_equal(c.nr, 0);
    d.principal = M(2000000) + 1;     /* one penny more */
    assert_int_equal(check_both(D("2018-03-31"), &d, &c), 0);
    assert_false(c.allowed);
    assert_int_equal(c.nr, 1);
    assert_string_equal(c.r[0].kind, "counterparty.over_limit");
    assert_int_equal(c.r[0].exposure, M(20000000) + 1);
    /* ending before E2 starts, the peak is 12m + 2m */
    d.principal = M(8000000);
    d.maturity = D("2018-05-01");
    assert_int_equal(check_both(D("2018-03-31"), &d, &c), 0);
    assert_true(c.allowed);
    /* too long and suspended: every reason */
    d.maturity = D("2023-04-03"); /* 1826 days */
    assert_int_equal(check_both(D("2018-03-31"), &d, &c), 0);
    assert_false(c.allowed);
    assert_string_equal(c.r[0].kind, "counterparty.over_duration");
    assert_int_equal(c.r[0].days, 1826);
    assert_int_equal(c.r[0].max_days, 1825);
    d.counterparty_id = susp;
    assert_int_equal(check_both(D("2018-03-31"), &d, &c), 0);
    assert_false(c.allowed);
    assert_string_equal(c.r[0].kind, "counterparty.suspended");
    d.counterparty_id = 999;
    assert_int_equal(check_both(D("2018-03-31"), &d, &c), -1);
}

static void test_check_totals_and_terms(void **state)
{
    (void)state;
    int64_t p = cp("PARENT", SECTOR_BANK, "GB", NULL);
    int64_t sub = cp("SUB", SECTOR_BANK, "GB", "PARENT");
    int64_t mmf = cp("MMF1", SECTOR_MMF, "IE", NULL);
    rate(p, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(sub, AGENCY_FITCH, "AA-", "2017-01-01", false);
    deal("P1", p, M(20000000), "2018-01-02", "2018-06-30");
    /* the group shares 25m (the largest member limit): 5m more is the most for SUB */
    struct investment d = {.counterparty_id = sub, .type = INV_FIXED, .principal = M(6000000),
                           .start = D("2018-04-03"), .maturity = D("2018-06-29"), .notice_days = -1};
    struct lending_check c;
    assert_int_equal(check_both(D("2018-03-31"), &d, &c), 0);
    assert_false(c.allowed);
    assert_int_equal(c.nr, 1);
    assert_string_equal(c.r[0].kind, "group.over_limit");
    assert_string_equal(c.r[0].subject, "PARENT");
    assert_int_equal(c.r[0].exposure, M(26000000));
    assert_string_equal(c.r[0].message,
                        "group PARENT exposure would be £26,000,000.00, above its limit £25,000,000.00 (headroom £5,000,000.00)");
    /* after P1 matures the group has room again */
    d.start = D("2018-06-30");
    d.maturity = D("2018-09-30");
    assert_int_equal(check_both(D("2018-03-31"), &d, &c), 0);
    assert_true(c.allowed);
    /* money market funds: same day only, so a call deposit is allowed and a fixed one is not */
    struct investment m = {.counterparty_id = mmf, .type = INV_MMF, .principal = M(1000000),
                           .start = D("2018-03-31"), .maturity = DATE_NONE, .notice_days = -1};
    assert_int_equal(check_both(D("2018-03-31"), &m, &c), 0);
    assert_true(c.allowed);
    m.type = INV_FIXED;
    m.maturity = D("2018-04-03");
    assert_int_equal(check_both(D("2018-03-31"), &m, &c), 0);
    assert_false(c.allowed);
    assert_string_equal(c.r[0].kind, "counterparty.over_duration");
    assert_int_equal(c.r[0].days, 3);
    /* a notice account's term is its notice period */
    struct investment n = {.type = INV_NOTICE, .notice_days = 95, .maturity = DATE_NONE, .start = D("2018-03-31")};
    assert_int_equal(lending_term_days(&n, D("2018-03-31")), 95);
}

static void test_second_lowest(void **state)
{
    (void)state;
    int64_t b = cp("THREE", SECTOR_BANK, "GB", NULL);
    rate(b, AGENCY_FITCH, "AA", "2017-01-01", false);
    rate(b, AGENCY_MOODYS, "A1", "2017-01-01", false);
    rate(b, AGENCY_SP, "AA-", "2017-01-01", false);
    strat[0].rating_basis = BASIS_SECOND_LOWEST;
    const struct lending_entry *e = at(b, "2018-03-31");
    assert_int_equal(e->notch, 4); /* AA- is the middle of AA, AA-, A+ */
    assert_int_equal(e->limit.amount, M(25000000));
    assert_string_equal(e->basis, "rating AA- (second lowest of fitch AA, moodys A1, sp AA-) meets criterion AA-");
}

static void test_changes(void **state)
{
    (void)state;
    int64_t la = cp("COUNCIL", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
    int64_t b = cp("BANKC", SECTOR_BANK, "GB", NULL);
    cp("STEADY", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
    rate(b, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(b, AGENCY_FITCH, "A", "2017-11-01", false);
    officer(la, OFFICER_SUSPEND, "2018-02-05", 0, 0);
    struct lending_change *ch;
    int n = lending_changes(&in, D("2017-04-01"), D("2018-03-31"), &ch);
    assert_int_equal(n, 2);
    assert_string_equal(ch[0].cp->code, "COUNCIL");
    assert_int_equal(ch[0].before.status, LEND_APPROVED);
    assert_int_equal(ch[0].after.status, LEND_SUSPENDED);
    assert_string_equal(ch[1].cp->code, "BANKC");
    assert_int_equal(ch[1].before.limit.amount, M(25000000));
    assert_int_equal(ch[1].after.limit.amount, M(15000000));
    assert_int_equal(ch[1].after.max_days.days, 182);
    /* a change is judged with its text (the unchanged are compared by their verdicts alone) */
    assert_non_null(strstr(ch[0].after.basis, "suspended by officers from 2018-02-05"));
    assert_non_null(strstr(ch[1].before.basis, "rating AA-"));
    assert_non_null(strstr(ch[1].after.basis, "rating A "));
    free(ch);
}

/* With ratings sorted by counterparty (as the store loads them) and the flag set, the binary
 * search finds the same rating as the full scan: the latest action of each agency, the lowest
 * of them, for every counterparty including the first, the last and the unrated. */
/* The look-ups of lending_index_build (ids out of order, a group parent known only from its
 * member, a country's sovereign) and the answers with a prebuilt index equal those without. */
static void test_index_lookups(void **state)
{
    (void)state;
    int64_t sub = cp("SUB", SECTOR_BANK, "GB", "PARENT");
    int64_t usb = cp("USBANK", SECTOR_BANK, "US", NULL);
    int64_t p = cp("PARENT", SECTOR_BANK, "GB", NULL);
    int64_t ust = cp("USTREAS", SECTOR_CENTRAL_GOVERNMENT, "US", NULL);
    cps[0].id = 900; /* ids no longer follow the input order */
    sub = 900;
    rate(p, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(sub, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(usb, AGENCY_SP, "AA-", "2017-01-01", false);
    rate(ust, AGENCY_SP, "AA+", "2017-01-01", false);
    deal("P1", p, M(20000000), "2018-01-02", "2018-06-30");
    deal("S1", sub, M(3000000), "2018-02-01", "2018-06-30");
    deal("S2", sub, M(1000000), "2018-03-01", "2018-03-20"); /* matured by the date */
    deal("U1", usb, M(2000000), "2018-01-05", NULL);

    struct lending_index ix;
    lending_index_build(&in, &ix);
    assert_int_equal(ix.n, 4);
    for (int k = 1; k < 4; k++) /* ascending id */
        assert_true(cps[ix.by_id[k - 1]].id < cps[ix.by_id[k]].id);
    assert_int_equal(cps[ix.by_id[3]].id, 900);
    assert_int_equal(ix.parent[2], 1); /* PARENT: SUB names it */
    assert_int_equal(ix.parent[0] + ix.parent[1] + ix.parent[3], 0);
    assert_int_equal(ix.sovereign[1], 3); /* USBANK's sovereign is USTREAS */
    assert_int_equal(ix.sovereign[0], -1); /* no GB sovereign in this universe */

    /* exposure in one pass: SUB holds 3m at the date (S2 matured), the group 23m */
    const struct lending_entry *e = at(sub, "2018-03-31");
    assert_int_equal(e->exposure, M(3000000));
    assert_int_equal(e->last_start, D("2018-02-01"));
    assert_int_equal(at(usb, "2018-03-31")->exposure, M(2000000));
    for (int i = 0; i < L.ngroups; i++)
        if (strcmp(L.groups[i].key, "PARENT") == 0)
            assert_int_equal(L.groups[i].exposure, M(23000000));

    /* the check with and without a prebuilt index: 2m more fits the group's 25m, 3m does not */
    struct investment d = {.counterparty_id = sub, .type = INV_FIXED, .principal = M(3000000),
                           .start = D("2018-04-03"), .maturity = D("2018-06-29"), .notice_days = -1};
    struct lending_check without, with;
    assert_int_equal(lending_check_deal(&in, D("2018-03-31"), &d, &without), 0);
    in.index = &ix;
    assert_int_equal(lending_check_deal(&in, D("2018-03-31"), &d, &with), 0);
    in.index = NULL;
    assert_false(with.allowed);
    assert_int_equal(with.nr, 1);
    assert_string_equal(with.r[0].message,
                        "group PARENT exposure would be £26,000,000.00, above its limit £25,000,000.00 (headroom £2,000,000.00)");
    assert_int_equal(with.entry.exposure, M(3000000));
    assert_int_equal(without.nr, with.nr);
    assert_string_equal(without.r[0].message, with.r[0].message);
    assert_int_equal(without.entry.exposure, with.entry.exposure);
    d.principal = M(2000000);
    assert_int_equal(lending_check_deal(&in, D("2018-03-31"), &d, &with), 0);
    assert_true(with.allowed);

    /* lending_find by the index (binary search) gives the entries a scan gives */
    lending_list_free(&L);
    assert_int_equal(lending_evaluate(&in, D("2018-03-31"), &L), 0);
    const int64_t ids[] = {sub, usb, p, ust};
    for (int k = 0; k < 4; k++) {
        const struct lending_entry *scanned = lending_find(&in, &L, ids[k]);
        in.index = &ix;
        const struct lending_entry *indexed = lending_find(&in, &L, ids[k]);
        in.index = NULL;
        assert_non_null(scanned);
        assert_ptr_equal(scanned, indexed);
        assert_int_equal(indexed->cp->id, ids[k]);
    }
    in.index = &ix;
    assert_null(lending_find(&in, &L, 12345)); /* no such counterparty */
    in.index = NULL;
    lending_index_free(&ix);
}

/* The pre-deal check's peak exposure (a sweep over starts and maturities) against the plain
 * definition: on each day of the new deal's life, the sum of the deals outstanding that day. 30
 * random deals on one council (some without maturity, some cancelled), 200 random new deals of
 * exactly the 20m limit: allowed only when nothing else is outstanding over its life, else
 * refused with exposure = peak + 20m. */
static void test_peak_matches_every_day(void **state)
{
    (void)state;
    int64_t la = cp("COUNCIL", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
    uint32_t seed = 12345;
#define RND(n) ((seed = seed * 1103515245u + 12345u) >> 8) % (uint32_t)(n)
    date_t base = D("2018-01-01");
    for (int i = 0; i < 30; i++) {
        deal("R", la, M(100000) * (1 + RND(20)), "2018-01-01", "2018-01-02");
        struct investment *d = &inv[in.ninv - 1];
        d->start = base + (date_t)RND(300);
        d->maturity = RND(6) == 0 ? DATE_NONE : d->start + 1 + (date_t)RND(120);
        d->type = d->maturity == DATE_NONE ? INV_CALL : INV_FIXED;
        d->status = RND(10) == 0 ? DEAL_CANCELLED : DEAL_CONFIRMED;
    }
    for (int probe = 0; probe < 200; probe++) {
        struct investment d = {.counterparty_id = la, .type = INV_FIXED, .principal = M(20000000),
                               .start = base + (date_t)RND(330), .notice_days = -1};
        d.maturity = d.start + 1 + (date_t)RND(100);
        money_t peak = 0;
        for (date_t t = d.start; t < d.maturity; t++) {
            money_t sum = 0;
            for (int i = 0; i < in.ninv; i++)
                if (lending_outstanding(&inv[i], t))
                    sum += inv[i].principal;
            peak = sum > peak ? sum : peak;
        }
        struct lending_check c;
        assert_int_equal(check_both(d.start, &d, &c), 0);
        if (peak == 0) {
            assert_true(c.allowed);
            continue;
        }
        assert_false(c.allowed);
        bool found = false;
        for (int r = 0; r < c.nr; r++)
            if (strcmp(c.r[r].kind, "counterparty.over_limit") == 0) {
                assert_int_equal(c.r[r].exposure, peak + M(20000000));
                found = true;
            }
        assert_true(found);
    }
#undef RND
}

/* lending_classes_build numbers the groups (a parent's own code, its members' group_code), the
 * countries of banks and building societies only, and the sectors; equal texts one number, none
 * -1; by id only when the ids are dense. */
static void test_classes_numbering(void **state)
{
    (void)state;
    int64_t p = cp("PARENT", SECTOR_BANK, "GB", NULL);
    int64_t s1 = cp("SUB1", SECTOR_BANK, "US", "PARENT");
    int64_t s2 = cp("SUB2", SECTOR_BUILDING_SOCIETY, "US", "PARENT");
    int64_t lone = cp("LONE", SECTOR_BANK, "DE", NULL);
    int64_t la = cp("COUNCIL", SECTOR_LOCAL_AUTHORITY, "US", NULL);
    int64_t orphan = cp("ORPHAN", SECTOR_BANK, "GB", "NOSUCH"); /* its parent is not in the universe */
    struct lending_classes cl;
    lending_classes_build(&in, &cl);
    const struct lending_class *c = cl.c;
    assert_int_equal(cl.n, 6);
    assert_true(c[0].group >= 0 && c[0].group == c[1].group && c[1].group == c[2].group);
    assert_int_equal(c[3].group, -1); /* no group, and no one names it */
    assert_int_equal(c[4].group, -1);
    assert_true(c[5].group >= 0 && c[5].group != c[0].group);
    assert_true(c[1].country >= 0 && c[1].country == c[2].country); /* US bank and building society */
    assert_true(c[0].country >= 0 && c[0].country == c[5].country && c[0].country != c[1].country);
    assert_true(c[3].country >= 0 && c[3].country != c[0].country && c[3].country != c[1].country);
    assert_int_equal(c[4].country, -1); /* a council counts in no country total */
    assert_int_equal(c[2].sector, SECTOR_BUILDING_SOCIETY);
    assert_int_equal(c[4].sector, SECTOR_LOCAL_AUTHORITY);
    assert_non_null(cl.by_id); /* ids 100..105: dense */
    assert_int_equal(cl.min_id, p);
    const int64_t ids[] = {p, s1, s2, lone, la, orphan};
    for (int k = 0; k < 6; k++)
        assert_memory_equal(&cl.by_id[ids[k] - cl.min_id], &c[k], sizeof c[k]);
    lending_classes_free(&cl);
    for (int k = 0; k < 6; k++) /* far apart: no table by id */
        cps[k].id = (int64_t)(k + 1) * 1000003;
    lending_classes_build(&in, &cl);
    assert_null(cl.by_id);
    assert_true(cl.c[0].group == cl.c[1].group && cl.c[4].country == -1);
    lending_classes_free(&cl);
}

/* The check with the counterparties' classes against the check by codes (check_both compares
 * them byte for byte): random counterparties in groups, countries and sectors, random deals (some
 * open-ended, some cancelled), a strategy with group, country and sector limits, 150 random new
 * deals; ids dense, then far apart (no table by id: the classes are found by binary search). */
static void test_check_classes_random(void **state)
{
    (void)state;
    static const char *const countries[] = {"GB", "US", "DE", "US", "FR"};
    static const enum sector secs[] = {SECTOR_BANK, SECTOR_BUILDING_SOCIETY, SECTOR_BANK, SECTOR_LOCAL_AUTHORITY,
                                       SECTOR_MMF};
    int kinds[4] = {0}; /* group, country, sector, counterparty over limit */
    for (int pass = 0; pass < 2; pass++) {
        reset();
        uint32_t seed = 777u + (uint32_t)pass;
#define RND(n) ((seed = seed * 1103515245u + 12345u) >> 8) % (uint32_t)(n)
        int64_t ids[24];
        for (int i = 0; i < 24; i++) {
            char code[16], grp[16];
            snprintf(code, sizeof code, "C%02d", i);
            snprintf(grp, sizeof grp, "C%02d", (int)RND(6));
            enum sector sec = secs[RND(5)];
            const char *country = countries[RND(5)];
            bool grouped = RND(3) != 0;
            ids[i] = cp(code, sec, country, grouped ? grp : NULL);
            if (pass == 1)
                cps[i].id = ids[i] = (int64_t)(i + 1) * 1000003;
            rate(ids[i], AGENCY_FITCH, RND(2) ? "AA-" : "A", "2017-01-01", false);
        }
        strat[0].group_default = (struct opt_money){false, M(30000000)};
        strat[0].country_default = (struct opt_money){false, M(25000000)};
        strat[0].sector_totals[SECTOR_BANK] = (struct opt_money){false, M(35000000)};
        strat[0].sector_totals[SECTOR_LOCAL_AUTHORITY] = (struct opt_money){false, M(12000000)};
        date_t base = D("2018-01-01");
        for (int i = 0; i < 30; i++) {
            int64_t who = ids[RND(24)];
            deal("R", who, M(500000) * (1 + RND(20)), "2018-01-01", "2018-01-02");
            struct investment *d = &inv[in.ninv - 1];
            d->start = base + (date_t)RND(300);
            d->maturity = RND(6) == 0 ? DATE_NONE : d->start + 1 + (date_t)RND(200);
            d->type = d->maturity == DATE_NONE ? INV_CALL : INV_FIXED;
            d->status = RND(10) == 0 ? DEAL_CANCELLED : DEAL_CONFIRMED;
        }
        for (int probe = 0; probe < 150; probe++) {
            date_t a = base + (date_t)RND(330);
            int64_t who = ids[RND(24)];
            money_t amount = M(1000000) * (1 + RND(15));
            struct investment d = {.counterparty_id = who, .type = INV_FIXED, .principal = amount,
                                   .start = a + (date_t)RND(40), .notice_days = -1};
            d.maturity = d.start + 1 + (date_t)RND(150);
            if (RND(8) == 0) {
                d.type = INV_CALL;
                d.maturity = DATE_NONE;
            }
            struct lending_check c;
            assert_int_equal(check_both(a, &d, &c), 0);
            for (int r = 0; r < c.nr; r++) {
                kinds[0] += strcmp(c.r[r].kind, "group.over_limit") == 0;
                kinds[1] += strcmp(c.r[r].kind, "country.over_limit") == 0;
                kinds[2] += strcmp(c.r[r].kind, "sector.over_limit") == 0;
                kinds[3] += strcmp(c.r[r].kind, "counterparty.over_limit") == 0;
            }
        }
        struct investment unknown = {.counterparty_id = 42, .type = INV_CALL, .principal = M(1), .start = base,
                                     .maturity = DATE_NONE, .notice_days = -1};
        struct lending_check c;
        assert_int_equal(check_both(base, &unknown, &c), -1);
#undef RND
    }
    for (int k = 0; k < 4; k++) /* each kind of refusal was met */
        assert_true(kinds[k] > 0);
}

/* lending_find through the index, with ids dense (a table) and sparse (a binary search): the
 * entry a scan finds, for every id, and none for an id not in the universe. */
static void test_index_dense_and_sparse(void **state)
{
    (void)state;
    for (int pass = 0; pass < 2; pass++) {
        reset();
        int64_t ids[4];
        ids[0] = cp("A", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
        ids[1] = cp("B", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
        ids[2] = cp("C", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
        ids[3] = cp("D", SECTOR_LOCAL_AUTHORITY, "GB", NULL);
        if (pass == 1) /* far apart: no table */
            for (int k = 0; k < 4; k++)
                cps[k].id = ids[k] = (int64_t)(k + 1) * 1000003;
        struct lending_index ix;
        lending_index_build(&in, &ix);
        assert_true(pass == 0 ? ix.dense != NULL : ix.dense == NULL);
        in.index = &ix;
        struct lending_list l;
        assert_int_equal(lending_evaluate(&in, D("2018-03-31"), &l), 0);
        for (int k = 0; k < 4; k++) {
            const struct lending_entry *e = lending_find(&in, &l, ids[k]);
            assert_non_null(e);
            assert_int_equal(e->cp->id, ids[k]);
        }
        assert_null(lending_find(&in, &l, ids[3] + 1));
        assert_null(lending_find(&in, &l, -5));
        lending_list_free(&l);
        in.index = NULL;
        lending_index_free(&ix);
    }
}

static void test_sorted_ratings_lookup(void **state)
{
    (void)state;
    int64_t a = cp("SA", SECTOR_BANK, "GB", NULL);
    int64_t b = cp("SB", SECTOR_BANK, "GB", NULL);
    int64_t u = cp("SU", SECTOR_BANK, "GB", NULL);
    int64_t c = cp("SC", SECTOR_BANK, "GB", NULL);
    rate(a, AGENCY_FITCH, "AA-", "2016-01-01", false);
    rate(a, AGENCY_FITCH, "A", "2017-06-01", false);
    rate(a, AGENCY_MOODYS, "Aa2", "2016-01-01", false);
    rate(b, AGENCY_FITCH, "AA", "2016-01-01", false);
    rate(b, AGENCY_MOODYS, "A1", "2016-03-01", false);
    rate(c, AGENCY_FITCH, "AA+", "2016-01-01", false);
    rate(c, AGENCY_FITCH, "A-", "2019-01-01", false); /* after the date: not yet */
    int want[4] = {6, 5, 0, 2};                     /* A, A+ (Moody's A1), unrated, AA+ */
    int64_t ids[4] = {a, b, u, c};
    int scan[4];
    char basis[4][320];
    for (int k = 0; k < 4; k++) {
        const struct lending_entry *e = at(ids[k], "2018-03-31");
        scan[k] = e->notch;
        snprintf(basis[k], sizeof basis[k], "%s", e->basis);
        assert_int_equal(scan[k], want[k]);
    }
    in.ratings_by_counterparty = true;
    for (int k = 0; k < 4; k++) {
        const struct lending_entry *e = at(ids[k], "2018-03-31");
        assert_int_equal(e->notch, scan[k]);
        assert_string_equal(e->basis, basis[k]);
    }
}


/* lending_reach: what a rating change reaches (the changed counterparty, the non-UK banks of a
 * changed sovereign, their groups' members, and not the others), and judging only the reached
 * counterparties' deals finds exactly the full list's breaches about them. */
static bool reached(const unsigned char *r, int64_t id)
{
    return (r[id - 100] & LENDING_REACHED) != 0; /* cp() gives ids from 100 in input order */
}

static void test_reach(void **state)
{
    (void)state;
    int64_t p = cp("PARENT", SECTOR_BANK, "GB", NULL);
    int64_t s = cp("SUB", SECTOR_BANK, "GB", "PARENT");
    int64_t s2 = cp("SUB2", SECTOR_BANK, "FR", "PARENT");
    int64_t fr = cp("FRGOV", SECTOR_CENTRAL_GOVERNMENT, "FR", NULL);
    int64_t frb = cp("FRBANK", SECTOR_BANK, "FR", NULL);
    int64_t frbs = cp("FRBS", SECTOR_BUILDING_SOCIETY, "FR", "OTHERP");
    int64_t other = cp("OTHERP", SECTOR_BANK, "GB", NULL);
    int64_t la = cp("COUNCIL", SECTOR_LOCAL_AUTHORITY, "FR", NULL);
    int64_t gb = cp("GBBANK", SECTOR_BANK, "GB", NULL);
    rate(p, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(s, AGENCY_FITCH, "A+", "2017-01-01", false);
    rate(s2, AGENCY_FITCH, "A+", "2017-01-01", false);
    rate(fr, AGENCY_FITCH, "AA", "2017-01-01", false);
    rate(frb, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(frbs, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(other, AGENCY_FITCH, "AA-", "2017-01-01", false);
    rate(gb, AGENCY_FITCH, "A", "2017-01-01", false);
    unsigned char r[16];
    const char **groups;
    /* the parent: itself and its group's members, one group */
    int ng = lending_reach(&in, &p, 1, r, &groups);
    assert_int_equal(ng, 1);
    assert_string_equal(groups[0], "PARENT");
    free(groups);
    assert_true(reached(r, p) && reached(r, s) && reached(r, s2));
    assert_false(reached(r, fr) || reached(r, frb) || reached(r, frbs) || reached(r, other) || reached(r, la) ||
                 reached(r, gb));
    /* judging SUB2 (a French bank) reads its sovereign's rating; nothing reads FRBANK's */
    assert_int_equal(r[fr - 100], LENDING_RATING_READ);
    assert_int_equal(r[frb - 100], 0);
    /* the sovereign: its non-UK bank and building society, and the groups they are in (SUB2's
     * PARENT, FRBS's OTHERP) with every member; not its local authority */
    ng = lending_reach(&in, &fr, 1, r, &groups);
    assert_int_equal(ng, 2);
    free(groups);
    assert_true(reached(r, fr) && reached(r, frb) && reached(r, frbs) && reached(r, s2) && reached(r, p) &&
                reached(r, s) && reached(r, other));
    assert_false(reached(r, la) || reached(r, gb));

    /* judged on the reached deals alone, the breaches about the reached are the full list's */
    deal("P1", p, M(12000000), "2018-01-02", "2018-06-30");
    deal("S1", s, M(8000000), "2018-01-03", "2018-06-30");
    deal("S2", s2, M(6000000), "2018-01-04", "2018-06-30");
    deal("F1", frb, M(5000000), "2018-01-05", "2018-06-30");
    deal("G1", gb, M(16000000), "2018-01-06", "2018-06-30"); /* over its 15m: not reached */
    deal("L1", la, M(3000000), "2018-01-07", "2018-06-30");
    rate(p, AGENCY_FITCH, "A", "2018-03-01", false);    /* the group's limit falls to 15m */
    rate(fr, AGENCY_FITCH, "AA-", "2018-03-01", false); /* French banks no longer approved */
    int64_t changed[] = {p, fr};
    ng = lending_reach(&in, changed, 2, r, &groups);
    struct lending_list full, part;
    assert_int_equal(lending_evaluate_held(&in, D("2018-03-31"), &full), 0);
    struct investment all[32];
    int nall = in.ninv, n = 0;
    memcpy(all, inv, sizeof all);
    for (int i = 0; i < nall; i++)
        if (reached(r, all[i].counterparty_id))
            inv[n++] = all[i];
    in.ninv = n;
    assert_int_equal(n, 4);
    assert_int_equal(lending_evaluate_held(&in, D("2018-03-31"), &part), 0);
    int in_scope = 0;
    for (int i = 0; i < full.nb; i++) {
        const struct lending_breach *b = &full.b[i];
        bool grp = strcmp(b->kind, "group.over_limit") == 0, about = false;
        for (int g = 0; grp && g < ng; g++)
            about = about || strcmp(groups[g], b->subject) == 0;
        for (int k = 0; !grp && strncmp(b->kind, "counterparty.", 13) == 0 && k < in.ncps; k++)
            about = about || ((r[k] & LENDING_REACHED) && strcmp(cps[k].code, b->subject) == 0);
        if (!about)
            continue;
        in_scope++;
        bool found = false;
        for (int j = 0; j < part.nb && !found; j++)
            found = strcmp(part.b[j].kind, b->kind) == 0 && strcmp(part.b[j].subject, b->subject) == 0 &&
                    part.b[j].exposure == b->exposure && part.b[j].limit.amount == b->limit.amount &&
                    part.b[j].passive == b->passive && strcmp(part.b[j].why, b->why) == 0;
        assert_true(found);
    }
    /* the group over 15m with 26m, SUB2 and FRBANK not approved; GBBANK's breach not reached */
    assert_int_equal(in_scope, 3);
    free(groups);
    lending_list_free(&full);
    lending_list_free(&part);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rating_criteria_lowest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unrated_and_below_criteria, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sector_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sovereign_floor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_negative_watch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_basis_truncated_like_snprintf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_totals_in_first_seen_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_officer_actions_only_tighten, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exposure_and_active_over_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_downgrade_passive_breaches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suspension_after_deal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_and_country_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_totals_and_terms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spans_at_match_investments_at, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_lowest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sorted_ratings_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_lookups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_peak_matches_every_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_dense_and_sparse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_classes_numbering, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_classes_random, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reach, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
