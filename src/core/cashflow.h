/* cashflow.h: the cash-flow forecast (interfaces.md "Cash", domain.md "Cash-flow forecast";
 * docs/cash.md), pure computation: no I/O.
 *
 * A flow is money into (+) or out of (-) one bank account on one day, from one of three sources:
 *   book      computed from the book: a dated investment's principal out on its start date and
 *             back with its whole interest (ACT/365F, rounded once: core/interest.h) on its
 *             maturity; an account's (call, mmf, notice, pooled) opening principal out on its start,
 *             a deposit out and a withdrawal in on their dates (interest added and valuations stay
 *             in the account: no cash); a loan's principal in on its start and each instalment's
 *             principal and interest out on its due date (core/loan_events.h, with its events),
 *             and an early repayment's settlement out on its date (a PWLB premature repayment:
 *             outstanding + accrued + premium, or less a discount, as recorded; a LOBO repaid at
 *             par: the principal), the instalments after it gone or scaled down.
 *             Book flows settle in the holding's own settlement account (struct investment and
 *             struct loan `account`, sql/235) or, when it names none, the default account.
 *   forecast  an item entered or imported, maybe repeated weekly, monthly, quarterly or yearly
 *             (the k-th repeat is the first date + k weeks, or + k months clamped to the month
 *             end, always counted from the first date) while the nominal date is on or before
 *             `until`.
 *   actual    a bank statement's line.
 * Book and forecast dates that are not England and Wales business days move by the modified
 * following rule (core/calendar.h); movements and statement lines are dated as they happened.
 *
 * Ownership: a struct cash_flows owns its array (cash_flows_free); everything else is the
 * caller's. */
#ifndef PRUDENT_CORE_CASHFLOW_H
#define PRUDENT_CORE_CASHFLOW_H

#include <stdbool.h>

#include "core/balance.h"
#include "core/book.h"
#include "core/calendar.h"

#define CASH_DESC_MAX 161 /* 160 bytes + NUL */

/* CASH_MEMBER: a member's balance joining or leaving a partnership's combined forecast
 * (views/cash.c: a member changing from a date, docs/shared-services.md). */
enum cash_source { CASH_BOOK, CASH_FORECAST, CASH_ACTUAL, CASH_MEMBER, CASH_SOURCE_COUNT };
enum cash_repeat { REPEAT_NONE, REPEAT_WEEKLY, REPEAT_MONTHLY, REPEAT_QUARTERLY, REPEAT_YEARLY, REPEAT_COUNT };
enum cash_by { CASH_BY_DAY, CASH_BY_WEEK, CASH_BY_MONTH, CASH_BY_YEAR, CASH_BY_COUNT };

/* "book", "forecast", "actual", "member"; "" (none), "weekly" ...; "day", "week", "month", "year" (a
 * financial year, 1 April to 31 March). */
const char *cash_source_name(enum cash_source s);
const char *cash_repeat_name(enum cash_repeat r);
const char *cash_by_name(enum cash_by b);
bool cash_repeat_parse(const char *s, enum cash_repeat *out); /* "" is REPEAT_NONE */
bool cash_by_parse(const char *s, enum cash_by *out);

struct cash_flow {
    date_t date; /* the day the cash moves (a business day for book and forecast flows) */
    enum cash_source source;
    char account[CODE_MAX];
    char ref[REF_MAX];
    char description[CASH_DESC_MAX];
    money_t amount; /* signed: + receipt, - payment */
    bool maturity;  /* book: a deal maturing or a loan instalment (the position's "maturities") */
};

struct cash_flows {
    struct cash_flow *v;
    int n, cap;
};
/* Append f; returns 0, or -1 when out of memory. */
int cash_flows_add(struct cash_flows *fs, const struct cash_flow *f);
void cash_flows_free(struct cash_flows *fs);
/* Sort by date, then source (book, forecast, actual), then account, then ref. */
void cash_flows_sort(struct cash_flows *fs);

/* A forecast item as stored. */
struct cash_item {
    int64_t id;
    char account[CODE_MAX];
    date_t date;
    money_t amount;
    char category[CODE_MAX];
    char description[CASH_DESC_MAX];
    enum cash_repeat repeat;
    date_t until; /* DATE_NONE: repeats without end */
    /* held: only the occurrences dated from held_from (DATE_NONE: any) to before held_to
     * (DATE_NONE: any) are this book's (an item moved by a merger, sql/224); false: all of them */
    bool held;
    date_t held_from, held_to;
};

/* The k-th nominal date of an item first due on `first` (k = 0 is first itself). */
date_t cash_repeat_nth(date_t first, enum cash_repeat r, int k);

/* Append the item's occurrences whose settlement date falls in from..to. Returns 0 or -1. */
int cash_item_flows(const struct cash_item *it, const struct calendar *cal, date_t from, date_t to,
                    struct cash_flows *out);

/* Append the book's flows settling in from..to, each in its holding's settlement account or,
 * when it names none, the default account `account`. moves are ordered by investment (as
 * store/book.h loads them; only those dated from..to are read). Returns 0, or -1 on overflow or
 * out of memory. */
int cash_book_flows(const struct investment *inv, int ninv, const struct loan *loans, int nloans,
                    const struct movement *moves, int nmoves, const char *account,
                    const struct calendar *cal, date_t from, date_t to, struct cash_flows *out);

/* Keep only the flows in `account` (in their order). */
void cash_flows_only(struct cash_flows *fs, const char *account);

/* The days an account's statements cover: on them its book and forecast flows give way to the
 * statement's lines. */
struct cash_cover {
    char account[CODE_MAX];
    date_t from, to;
    int64_t statement; /* its id (the rebasing flow's ref is "S<id>/opening") */
    money_t opening;   /* the bank's balance at the end of the day before from */
};
/* Drop the book and forecast flows of an account on a day one of covers[0..n) covers. */
void cash_use_actuals(struct cash_flows *fs, const struct cash_cover *covers, int n);
/* Rebase on each statement that starts after `from`: the bank's opening balance is what the
 * account held the evening before, whatever the forecast said. So for each such statement (in
 * order of its first day) append an actual flow on its first day of its opening balance less the
 * account's forecast balance the day before (opening_of(account, arg), the account's balance
 * before `from`, plus its flows from `from` on), when they differ: the forecast's error, shown.
 * Returns 0, or -1 on overflow or out of memory. */
int cash_rebase(struct cash_flows *fs, const struct cash_cover *covers, int n, date_t from,
                int (*opening_of)(const char *account, void *arg, money_t *out), void *arg);

/* A statement's running balance: the index of the first line whose balance is not the previous
 * balance (opening for the first) + its amount, with the balance expected there in *expected;
 * -1 when every line adds up; -2 on overflow. */
int cash_statement_check(money_t opening, const money_t *amount, const money_t *balance, int n,
                         money_t *expected);

struct cash_period {
    date_t start, end;
    money_t receipts; /* sum of the flows > 0 */
    money_t payments; /* sum of the flows < 0, as a positive amount */
    money_t net;      /* receipts - payments */
    money_t closing;  /* the balance at the end of the period */
    bool below_minimum; /* some day of the period closed below the minimum */
};
/* The number of periods from..to has by day, week (Monday to Sunday, the first and last clipped
 * to from..to), calendar month or financial year (1 April to 31 March), clipped likewise. */
int cash_period_count(date_t from, date_t to, enum cash_by by);
/* Fill out[0..cash_period_count) from the opening balance (the day before from) and the flows
 * fs (sorted by date; those outside from..to are ignored). Returns the count, or -1 on overflow
 * or when cap is too small. */
int cash_periods(date_t from, date_t to, enum cash_by by, money_t opening, money_t minimum,
                 const struct cash_flows *fs, struct cash_period *out, int cap);

#endif
