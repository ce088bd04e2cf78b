/* cash.h: the authority's bank accounts, forecast items and bank statements in PostgreSQL
 * (sql/140_cash.sql), for the cash imports (ingest/import_cash.c) and the cash verbs
 * (cli/cmd_cash.c). Only current rows are read (those no later row supersedes), except by
 * cash_item_versions_load (every version of the forecast items). Each function
 * returns -1 after printing why on a database failure. */
#ifndef PRUDENT_STORE_CASH_H
#define PRUDENT_STORE_CASH_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/cashflow.h"
#include "store/rows.h"

#define BANK_TEXT_MAX 201

struct bank_account {
    int64_t id; /* the current row */
    char code[CODE_MAX];
    char name[BANK_TEXT_MAX];
    char bank[BANK_TEXT_MAX];
    char sort_code[BANK_TEXT_MAX];
    char account_number[BANK_TEXT_MAX];
    money_t min_balance;
    bool is_default; /* the authority's first account (sql/140): the book's flows settle here */
    /* A predecessor's account a merger moved out (sql/270): from moved_on it is moved_to's (there
     * under the code moved_as), so for this authority it ends the day before. */
    bool moved_out;
    char moved_to[CODE_MAX]; /* "its successor" to a user who does not see that authority */
    char moved_as[CODE_MAX];
    date_t moved_on;
};

/* The current accounts of the authority, ordered by code (bytewise), into a new array *out the
 * caller frees: its own (those a merger moved out with moved_out set) and those moved in to it.
 * Returns the count. */
int cash_accounts_load(PGconn *c, int64_t authority_id, struct bank_account **out);
/* Insert an account row by actor; supersedes is the current row it replaces (0: a new code).
 * Returns 0 or -1. */
int cash_account_insert(PGconn *c, int64_t authority_id, const struct bank_account *a, int64_t supersedes,
                        const char *actor);

/* Insert a forecast item by actor unless an item's first row said exactly the same (so a file
 * imported again adds nothing, even where its items were amended or cancelled since). Returns 1
 * when inserted (its id into *id when id is not NULL), 0 when it was there already, -1. */
int cash_item_insert(PGconn *c, int64_t authority_id, const struct cash_item *it, const char *actor, int64_t *id);

/* The latest row of a forecast item (sql/195): its number (out->id, kept through amendments), the
 * row's own id, whether it cancels the item, and who wrote it when. */
struct cash_item_row {
    int64_t id;
    bool cancelled;
    char entered_by[BANK_TEXT_MAX];
    char entered_at[32]; /* ISO 8601, UTC */
    int64_t owner;       /* the authority_id of the item's rows (its predecessor's, when moved in) */
    char moved_to[32];   /* "" or the successor a merger moved the item out to (sql/224) */
    date_t moved_on;     /* then the vesting day */
};
/* The latest row of item number `number` of the authority into *out and *row: its own item, or
 * one a merger moved in to it (then row->owner is the predecessor, whose id its rows keep); an
 * item moved out is found with row->moved_to set (the successor changes it now). 1 found, 0 no
 * such item, -1. Inside a transaction, it holds the item's advisory lock to the transaction's
 * end, so two changes of one item never both supersede the same row. */
int cash_item_current(PGconn *c, int64_t authority_id, int64_t number, struct cash_item *out,
                      struct cash_item_row *row);
/* Insert a row of item `number` (of authority_id: the row's owner) superseding its latest row `row`: the terms it, cancelled or
 * not, with the reason (NULL: none), by actor; its id into *id. Returns 1, 0 when row was
 * superseded meanwhile (nothing written), -1. */
int cash_item_supersede(PGconn *c, int64_t authority_id, int64_t row, int64_t number, const struct cash_item *it,
                        bool cancelled, const char *reason, const char *actor, int64_t *id);
/* A version of a forecast item: one cash_items row, its terms (item.id is the item's number,
 * kept through amendments), who wrote it when (row) and why (reason: "" when none given). */
struct cash_item_version {
    struct cash_item item;
    struct cash_item_row row;
    char *reason; /* owned: cash_item_versions_free */
};
/* Every row of the authority's forecast items (of item `number` only, when > 0), by number and
 * then oldest first, into a new array *out freed with cash_item_versions_free. Rows are read
 * from `cash_items`, so a connection reading as known at a moment (store/known.h) sees the rows
 * entered by then. Returns the count. */
int cash_item_versions_load(PGconn *c, int64_t authority_id, int64_t number, struct cash_item_version **out);
void cash_item_versions_free(struct cash_item_version *v, int n);
/* The current forecast items (of account only, when not NULL) into a new array *out the caller
 * frees. Returns the count. */
int cash_items_load(PGconn *c, int64_t authority_id, const char *account, struct cash_item **out);

/* A statement as stored. */
struct bank_statement {
    int64_t id;
    char account[CODE_MAX];
    const char *format; /* "csv" or "camt.053" */
    char statement_id[BANK_TEXT_MAX];
    date_t from, to;
    money_t opening, closing;
    int nlines;
};
struct bank_statement_line {
    date_t date, value_date; /* value_date DATE_NONE when not given */
    money_t amount, balance;
    const char *description, *reference; /* borrowed */
};
/* Whether authority_id's account `code` was moved by a merger (sql/270): 1 with the successor's
 * code into succ, the account's code there into as and the vesting day into *on; 0 not; -1. */
int cash_account_moved(PGconn *c, int64_t authority_id, const char *code, char succ[CODE_MAX], char as[CODE_MAX],
                       date_t *on);

/* The first statement of the account that shares a day with from..to, into *out: 1 found, 0
 * none, -1. */
int cash_statement_overlap(PGconn *c, int64_t authority_id, const char *account, date_t from, date_t to,
                           struct bank_statement *out);
/* Insert the statement s (file: the path imported) and its lines by actor. Returns 0 or -1. */
int cash_statement_insert(PGconn *c, int64_t authority_id, const struct bank_statement *s,
                          const struct bank_statement_line *lines, int n, const char *file, const char *actor);
/* The opening balance before `before`: for each account (account only when not NULL), the
 * balance after its last statement line dated before `before` (a statement's opening balance
 * counts as dated the day before its first day, its closing balance as dated its last day); summed into *out (0 with none).
 * An account a merger moved out counts only in a forecast starting while the authority held it
 * (to the day before the vesting day): nothing when `before` is later. Returns 0 or -1. */
int cash_opening_balance(PGconn *c, int64_t authority_id, const char *account, date_t before, money_t *out);

/* An account's balance before a date (cash_opening_balances). */
struct cash_balance {
    char account[CODE_MAX];
    money_t balance;
};
/* cash_opening_balance of every account at once, in one statement: each account with a statement
 * line or balance dated before `before` (the same rules), ordered by code, into a new array *out
 * the caller frees (at least one element allocated). An account absent holds 0. Returns the
 * count, or -1. */
int cash_opening_balances(PGconn *c, int64_t authority_id, date_t before, struct cash_balance **out);
/* The sum of v[0..n)'s balances of account (NULL: every account) into *out. Returns 0, or -1 when
 * it overflows. */
int cash_balances_sum(const struct cash_balance *v, int n, const char *account, money_t *out);
/* The statement lines dated from..to (of account only, when not NULL) appended to fs as actual
 * flows, and the days the statements cover into *covers (a new array the caller frees) of the
 * count *ncovers. Of an account a merger moved out, only the lines and days before the vesting day
 * (the rest are the successor's). Returns 0 or -1. */
int cash_actuals_load(PGconn *c, int64_t authority_id, const char *account, date_t from, date_t to,
                      struct cash_flows *fs, struct cash_cover **covers, int *ncovers);
/* cash_actuals_load and cash_opening_balances before `from` (into *openings, a new array the
 * caller frees, of the count *nopenings) in one statement: what a forecast reads of the
 * statements. Returns 0 or -1 (nothing to free then). */
int cash_statements_load(PGconn *c, int64_t authority_id, const char *account, date_t from, date_t to,
                         struct cash_flows *fs, struct cash_cover **covers, int *ncovers,
                         struct cash_balance **openings, int *nopenings);

/* Read at once, for the authorities ids[0..n) and each of their accounts, what the cash rule's
 * forecasts over from..to ask: cash_accounts_load, and per account cash_items_load,
 * cash_opening_balance before `from` and cash_actuals_load over from..to (recompute: a handful
 * of statements a chunk, not a dozen an authority). Until cash_many_end those calls on this
 * connection and thread answer from what was read (the same rows in the same order); any other
 * call still queries. Only while nothing they read is written (the caller checks the
 * authorities' versions); a second begin replaces the first. Returns 0 or -1 (nothing kept). */
int cash_many_begin(PGconn *c, const int64_t *ids, int n, date_t from, date_t to);
/* Stop answering for authority_id (its data changed since it was read). */
void cash_many_forget(int64_t authority_id);
/* Release what cash_many_begin kept. */
void cash_many_end(void);

#endif
