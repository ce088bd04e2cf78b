/* book.h: the plain structs of an authority's book (counterparties, investments, loans) that the
 * store loads and every core computation takes. No I/O. Enum names match the strings used in
 * files, JSON and the database exactly; book.c converts both ways. */
#ifndef PRUDENT_CORE_BOOK_H
#define PRUDENT_CORE_BOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/money.h"
#include "core/rate.h"

enum sector {
    SECTOR_BANK,
    SECTOR_BUILDING_SOCIETY,
    SECTOR_LOCAL_AUTHORITY,
    SECTOR_CENTRAL_GOVERNMENT,
    SECTOR_MMF,
    SECTOR_POOLED_FUND,
    SECTOR_HOUSING_ASSOCIATION,
    SECTOR_CORPORATE,
    SECTOR_OTHER,
    SECTOR_COUNT
};

enum inv_type {
    INV_FIXED,
    INV_NOTICE,
    INV_CALL,
    INV_MMF,
    INV_POOLED,
    INV_CD,
    INV_TBILL,
    INV_GILT,
    INV_BOND,
    INV_LOAN_OUT,
    INV_TYPE_COUNT
};

enum loan_type { LOAN_PWLB, LOAN_LOBO, LOAN_MARKET, LOAN_TEMPORARY, LOAN_OTHER, LOAN_TYPE_COUNT };

enum repayment { REPAY_MATURITY, REPAY_EIP, REPAY_ANNUITY, REPAY_COUNT };

enum deal_status { DEAL_PENDING, DEAL_CONFIRMED, DEAL_CANCELLED, DEAL_STATUS_COUNT };

/* What happened to a loan after it was taken (core/loan_events.h applies them):
 * repaid: principal repaid early (whole or part; a PWLB premature repayment);
 * rate_change: a LOBO lender's option exercised, the new rate from the event's date;
 * repaid_at_par: a LOBO option declined by the borrower, the loan repaid at par on the date. */
enum loan_event_kind { LOAN_EV_REPAID, LOAN_EV_RATE_CHANGE, LOAN_EV_REPAID_AT_PAR, LOAN_EV_KIND_COUNT };

#define CODE_MAX 33  /* counterparty code, 32 chars + NUL */
#define REF_MAX 41   /* deal or loan ref, 40 chars + NUL */
#define NAME_MAX_ 201 /* names, 200 chars + NUL */

struct counterparty {
    int64_t id;
    char code[CODE_MAX];
    char name[NAME_MAX_];
    enum sector sector;
    char country[3];          /* ISO 3166 alpha-2 */
    char group_code[CODE_MAX]; /* "" when not in a group */
};

struct investment {
    int64_t id;
    char ref[REF_MAX];
    enum inv_type type;
    int64_t counterparty_id;
    money_t principal;
    rate_t rate;
    bool no_rate;     /* an mmf or pooled fund with a variable yield: no contractual rate (rate 0) */
    date_t start;
    date_t maturity;  /* DATE_NONE for notice, call, mmf, pooled */
    int notice_days;  /* notice accounts and pooled funds; -1 when not given */
    enum deal_status status;
    char account[CODE_MAX]; /* the bank account its cash settles in (sql/235); "": the default */
};

struct loan {
    int64_t id;
    char ref[REF_MAX];
    enum loan_type type;
    int64_t lender_id;
    money_t principal;
    rate_t rate;
    bool variable;
    date_t start;
    date_t maturity;
    enum repayment repayment;
    date_t option_date; /* LOBO first lender option date, else DATE_NONE */
    int option_months;  /* LOBO option frequency, else 0 */
    enum deal_status status;
    char account[CODE_MAX]; /* the bank account its cash settles in (sql/235); "": the default */
    /* Its events in date order (then entry order), borrowed from whoever loaded them (the
     * store's struct book); NULL and 0 when none. */
    const struct loan_event *events;
    int nevents;
};

struct loan_event {
    date_t date;
    enum loan_event_kind kind;
    money_t amount; /* repaid: principal repaid; else 0 */
    rate_t rate;    /* rate_change: the new rate; else 0 */
    money_t settlement; /* the cash paid: repaid, the settlement recorded (outstanding + accrued
                         * + premium); repaid_at_par, the principal repaid; else 0 */
};

/* Names as used in files, JSON and SQL ("building_society", "loan_out", "eip"...). */
const char *sector_name(enum sector s);
const char *inv_type_name(enum inv_type t);
const char *loan_type_name(enum loan_type t);
const char *repayment_name(enum repayment r);
const char *deal_status_name(enum deal_status s);
const char *loan_event_kind_name(enum loan_event_kind k);
/* Parse a name; false when unknown. */
bool sector_parse(const char *s, enum sector *out);
bool inv_type_parse(const char *s, enum inv_type *out);
bool loan_type_parse(const char *s, enum loan_type *out);
bool repayment_parse(const char *s, enum repayment *out);
bool deal_status_parse(const char *s, enum deal_status *out);
bool loan_event_kind_parse(const char *s, enum loan_event_kind *out);

/* Dated instruments have a maturity date; notice, call, mmf and pooled have none. */
bool inv_type_is_dated(enum inv_type t);

#endif
