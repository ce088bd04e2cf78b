/* lending.h: the lending list, exposure, breaches and the pre-deal check, as pure functions.
 *
 * Input (struct lending_input) is the whole history the store loads: counterparties, the
 * authority's deals (pending and confirmed), every rating action, every officer action and every
 * version of the strategy. Every answer is "as at a date": the rating at A is the latest action
 * on or before A, the strategy at A the latest version in force, officer actions those from on
 * or before A. Nothing here does I/O; see docs/lending-list.md for the rules with examples.
 *
 * Ownership: results (struct lending_list, struct lending_check, changes arrays) are allocated
 * here and belong to the caller, who releases them with the matching _free function. The input
 * is only read, and entries point into it (entry->cp), so keep the input alive as long as them. */
#ifndef PRUDENT_CORE_LENDING_H
#define PRUDENT_CORE_LENDING_H

#include <stdbool.h>
#include <stdint.h>

#include "core/book.h"
#include "core/date.h"
#include "core/money.h"
#include "core/rating.h"
#include "core/strategy.h"

struct movement; /* core/balance.h */

enum lend_status { LEND_APPROVED, LEND_RESTRICTED, LEND_SUSPENDED, LEND_NOT_APPROVED };
const char *lend_status_name(enum lend_status s); /* "approved", "restricted", ... */

/* One rating action (a row of the ratings table). */
struct rating_action {
    int64_t counterparty_id;
    enum agency agency;
    enum rating_term term;
    char text[8];   /* in the agency's own scale: "AA-", "Aa3", "F1+" */
    int notch;      /* rating_notch() of text */
    bool watch_negative;
    bool outlook_negative;
    date_t effective;
};

enum officer_kind { OFFICER_SUSPEND, OFFICER_RESTRICT, OFFICER_REINSTATE };

/* One officer action on this authority's list (a row of counterparty_actions). Actions with the
 * same from date apply in array order (the store orders them by date, then by recording). */
struct officer_action {
    int64_t counterparty_id;
    enum officer_kind kind;
    struct opt_money limit;   /* restrict: unlimited when not given */
    struct opt_days max_days; /* restrict: unbounded when not given */
    date_t from;
    char reason[160];
};

/* Look-ups over the counterparties, built once by lending_index_build so that evaluating a list
 * or checking a deal costs O(deals + counterparties) rather than their product. Optional: without
 * one (lending_input.index NULL) lending_evaluate and lending_check_deal build their own. */
struct lending_index {
    int *by_id;             /* indices into cps, in ascending id */
    unsigned char *parent;  /* per cps index: 1 when some counterparty names it as group parent */
    int *sovereign;         /* per cps index: index of its country's sovereign, or -1 */
    int *dense;             /* when ids are dense: per id - min_id, its first cps index or -1 */
    int64_t min_id;
    int span;               /* entries in dense */
    int n;                  /* ncps it was built for */
    /* The keys of the list's totals, numbered once (lending_evaluate adds each counterparty to
     * its group's, country's and sector's total by number, not by looking its key up): per cps
     * index, key[0] its group's number (-1: in no group), key[1] its country's, key[2] its
     * sector's, among nkeys[k] distinct keys of each kind. */
    int *key[3];
    int nkeys[3];
};

struct lending_input {
    const struct counterparty *cps; /* the universe, any order */
    int ncps;
    const struct investment *inv;   /* the authority's deals; cancelled ones are ignored */
    int ninv;
    const struct rating_action *ratings;
    int nratings;
    /* true when ratings are in ascending counterparty_id order (as store/lending.c loads them):
     * a counterparty's ratings are then found by binary search instead of a scan of them all */
    bool ratings_by_counterparty;
    const struct officer_action *actions;
    int nactions;
    const struct strategy *strategies; /* every version, any order; the latest in force applies */
    int nstrategies;
    const struct lending_index *index; /* NULL, or built by lending_index_build over cps */
    const struct lending_spans *spans; /* NULL, or built by lending_spans_build over inv */
    const struct lending_classes *classes; /* NULL, or built by lending_classes_build over cps */
};

/* The deals as the pre-deal check sweeps them (lending_check_deal): each deal ever outstanding
 * (not cancelled, maturing after it starts) as a small record, latest maturity first (open-ended
 * ones first), so that a check reads only the deals alive at its start, in a few cache lines,
 * and finds their maturities already in order. Built once for a cached view of the deals and
 * shared, read only, by its checks; ignored unless built over the same inv and ninv. */
struct lending_span {
    date_t start, maturity;  /* maturity DATE_NONE: open-ended */
    money_t principal;
    int64_t counterparty_id;
};
struct lending_spans {
    struct lending_span *s; /* owned: lending_spans_free */
    int n;
    const struct investment *inv; /* the deals it was built over */
    int ninv;
};
void lending_spans_build(const struct investment *inv, int ninv, struct lending_spans *out);
void lending_spans_free(struct lending_spans *sp);

/* The counterparties as the pre-deal check's sweep compares them (lending_check_deal): per cps
 * index, its banking group (its group parent's code, or its own when it is a parent), its
 * country when a country total counts it (banks and building societies) and its sector, each
 * as a small integer: two counterparties share a number exactly when they share the text (-1:
 * in no group, or counted in no country total). Built once for a cached universe
 * (service/lending_cache.c), so that each deal of a check costs integer compares instead of
 * strcmp; ignored unless built over the same cps and ncps as the input it is given with. */
struct lending_class {
    int32_t group, country, sector;
};
struct lending_classes {
    struct lending_class *c;        /* owned: lending_classes_free; one per cps index */
    const struct counterparty *cps; /* the counterparties it was built over */
    int n;
    /* when the index's ids are dense (struct lending_index dense): per id - min_id, the class of
     * its counterparty (its first cps index), or all -1 when no counterparty has that id; owned */
    struct lending_class *by_id;
    int64_t min_id;
    int width;
};
/* Over in->cps (in->index used when it fits them; only cps, ncps and index are read). */
void lending_classes_build(const struct lending_input *in, struct lending_classes *out);
void lending_classes_free(struct lending_classes *cl);

/* One deal as the check's cache keeps it (service/lending_cache.h): what the pre-deal check and
 * an account's balance at a date read of a struct investment, 40 bytes instead of 136. */
struct lending_deal {
    int64_t id, counterparty_id;
    money_t principal;
    date_t start, maturity;
    enum deal_status status;
};
/* out[i] for inv[i], i < n. */
void lending_deals_of(const struct investment *inv, int n, struct lending_deal *out);
/* Order movements by account, then date, exactly as investments_at (core/balance.h) orders its
 * copy of them: lending_balances_build reads them so. */
void lending_moves_sort(struct movement *m, int n);
/* Each deal's movements as running balances: what lending_spans_at needs of them, 12 bytes a
 * movement instead of a struct movement's 24, and a balance at a date one binary search. */
struct lending_run {
    int first; /* its first entry in date[] and bal[] */
    int n;     /* its entries, one a movement (0: none) */
    int bad;   /* the first entry whose running sum overflows, or n */
};
struct lending_balances {
    struct lending_run *run; /* per deal, in the deals' order */
    date_t *date;            /* per entry: its movement's date, ascending within a run */
    money_t *bal;            /* per entry: the deal's opening principal plus every change up to it */
    int ndeals, n;
};
/* The running balances of the deals d[0..n) given their accounts' movements m[0..nm) ordered by
 * lending_moves_sort (each run summed in that order, as account_balance_at sums it); movements
 * of no deal are left out. Owned by *out: release with lending_balances_free. */
void lending_balances_build(const struct lending_deal *d, int n, const struct movement *m, int nm,
                            struct lending_balances *out);
void lending_balances_free(struct lending_balances *b);
/* The spans of the deals d[0..n) as at `at`, given their running balances b (built over the same
 * deals): each account at its balance at that date, the emptied ones left out; the same spans,
 * in the same order, as investments_at then lending_spans_build over the deals as struct
 * investment with their movements. out->inv is NULL and out->ninv 0: a lending_input with inv
 * NULL, ninv 0 and these spans is checked (lending_check_deal) from the spans alone. Returns 0,
 * or -1 (out left empty) when a balance overflows. */
int lending_spans_at(const struct lending_deal *d, int n, const struct lending_balances *b, date_t at,
                     struct lending_spans *out);

/* Build the look-ups over in->cps (in->index is not read). The arrays belong to *ix: release
 * them with lending_index_free. */
void lending_index_build(const struct lending_input *in, struct lending_index *ix);
void lending_index_free(struct lending_index *ix);

/* Sort ratings[0..n) into the order store/lending.c reads them in: by counterparty id, agency,
 * term and effective date, each ascending, the order of the ratings table's unique key (the enums
 * agency and rating_term are declared in their names' alphabetical order, as the database sorts
 * the text: "fitch" < "moodys" < "sp", "long" < "short"). No two ratings share that key. */
void lending_ratings_sort(struct rating_action *ratings, int n);

/* One counterparty on the list at a date. */
struct lending_entry {
    const struct counterparty *cp;
    enum lend_status status;
    struct opt_money limit;       /* meaningful unless status is suspended or not_approved */
    struct opt_days max_days;
    struct opt_money rule_limit;  /* the strategy's limit before officer actions */
    int notch;                    /* the rating used (0: unrated) */
    bool watch_negative;
    char basis[320];              /* the rule that decided it, readable */
    money_t exposure;             /* principal outstanding at the date, pending included */
    date_t last_start;            /* latest start among the outstanding deals (DATE_NONE) */
};

/* A total (group, country or sector) with its limit. */
struct lending_total {
    char key[CODE_MAX];   /* group parent code, country code or sector name */
    money_t exposure;     /* what the limit applies to: for a country, its banks and building
                             societies only */
    money_t all_exposure; /* every counterparty of the group, country or sector */
    struct opt_money limit;
    date_t last_start;
};

/* One breach. kind is an alert kind of domain.md (plus sector.over_limit). subject is the
 * counterparty code, group parent code, country code or sector name. */
struct lending_breach {
    char kind[40];
    char subject[CODE_MAX];
    money_t exposure;
    struct opt_money limit;
    bool passive;           /* arose because a rating fell or a suspension began */
    int max_days;           /* over_duration: the current maximum, and the longest */
    int days;               /*   remaining term among the deals beyond it */
    char refs[400];         /* over_duration: the deals, comma separated */
    char why[320];
};

struct lending_list {
    date_t as_of;
    bool has_strategy;
    struct lending_entry *e; /* one per counterparty, in input order (lending_evaluate_held: one
                                per counterparty with an outstanding deal) */
    int n;
    int *slot;               /* lending_evaluate_held: per in->cps index, its entry or -1 */
    struct lending_total *groups, *countries, *sectors;
    int ngroups, ncountries, nsectors;
    struct lending_breach *b;
    int nb;
};

/* The list at date A, with exposure, totals and breaches (passive ones flagged). Returns 0, or
 * -1 when an amount overflows. */
int lending_evaluate(const struct lending_input *in, date_t as_of, struct lending_list *out);
/* The same breaches, for recompute: only the counterparties with a deal outstanding at as_of are
 * judged and have an entry (lending_find answers NULL for the others), the totals cover only
 * them, and an entry's basis is written only when a breach's why quotes it. Breaches, and the
 * status, limits and notch of the held counterparties, are exactly lending_evaluate's. */
int lending_evaluate_held(const struct lending_input *in, date_t as_of, struct lending_list *out);
void lending_list_free(struct lending_list *l);
/* The entry of a counterparty in the list evaluated from in, or NULL. Borrowed from the list.
 * Uses in's index (a binary search) when the list is in's; otherwise scans. */
const struct lending_entry *lending_find(const struct lending_input *in, const struct lending_list *l,
                                         int64_t counterparty_id);

/* Principal of deal d outstanding at A (started on or before A, not yet matured). */
bool lending_outstanding(const struct investment *d, date_t as_of);
/* The days a deal's money is committed from date `from`: maturity - from for dated deals,
 * notice_days for notice accounts and pooled funds, 0 for call accounts and MMFs. */
int lending_term_days(const struct investment *d, date_t from);

/* Pre-deal check. */
struct lending_reason {
    char kind[40];          /* counterparty.suspended, counterparty.not_approved,
                               counterparty.over_limit, counterparty.over_duration,
                               group.over_limit, country.over_limit, sector.over_limit */
    char subject[CODE_MAX];
    money_t exposure;       /* peak exposure over the deal's life, this deal included */
    struct opt_money limit;
    int days, max_days;     /* over_duration */
    char message[320];
};

struct lending_check {
    bool allowed;
    struct lending_entry entry;   /* the counterparty on the list at the as-of date */
    struct lending_reason r[8];
    int nr;
};

/* May `deal` (counterparty_id, type, principal, start, maturity, notice_days set) be placed,
 * judged on the list at as_of? Existing deals count over the new deal's whole life (the peak
 * exposure on any day from its start to its maturity). Returns 0, or -1 when the counterparty
 * is unknown or an amount overflows. */
int lending_check_deal(const struct lending_input *in, date_t as_of, const struct investment *deal,
                       struct lending_check *out);

/* A change of one counterparty's entry between two dates (status, limit, maximum duration). */
struct lending_change {
    const struct counterparty *cp;
    struct lending_entry before, after;
};
/* The changes from date `from` to date `to`. *out is a new array the caller frees. Returns the
 * number of changes, or -1 on overflow. */
int lending_changes(const struct lending_input *in, date_t from, date_t to,
                    struct lending_change **out);

/* What a change of the ratings of changed[0..n) (counterparty ids) can move on any authority's
 * list, at any date (docs/performance.md, "Downgrade to alert"): reach[k] (for in->cps[k], an
 * array of in->ncps the caller gives) has LENDING_REACHED for a counterparty whose verdict may
 * move (a changed one; a bank or building society outside GB whose sovereign is a changed one,
 * rule_entry) or whose exposure counts in the total of a banking group one of those belongs to
 * (total_limit: the group's limit may be its best rated member's), and LENDING_RATING_READ for
 * each counterparty whose ratings judging the reached ones reads (they, and the sovereigns of
 * the reached banks outside GB); else 0. *groups is a new array (free() it;
 * its strings point into in->cps) of those groups' keys. The lending_breaches of the reached
 * counterparties (counterparty.*) and groups (group.over_limit) need only their deals and the
 * universe; no other breach reads a rating. Returns the number of groups. */
enum { LENDING_REACHED = 1, LENDING_RATING_READ = 2 };
int lending_reach(const struct lending_input *in, const int64_t *changed, int n, unsigned char *reach,
                  const char ***groups);

#endif
