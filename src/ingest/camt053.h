/* camt053.h: reading an ISO 20022 camt.053 bank-to-customer statement (any version: elements are
 * matched by local name, whatever the namespace) with libxml2, for `prudent import statement`
 * (ingest/import_cash.c) and its fuzz target (tests/fuzz/fuzz_camt053.c). No database.
 *
 * One statement per file (Document/BkToCstmrStmt/Stmt): its Id, the account (Acct/Id/IBAN or
 * Acct/Id/Othr/Id), the opening booked balance (Bal with Tp/CdOrPrtry/Cd OPBD) and the closing
 * booked balance (CLBD), each an Amt with CdtDbtInd (DBIT: negative) and a Dt/Dt or Dt/DtTm, and
 * each entry (Ntry): Amt, CdtDbtInd (CRDT: +, DBIT: -), BookgDt, ValDt, a reference (AcctSvcrRef,
 * else NtryRef, else the first EndToEndId) and a description (the first RmtInf/Ustrd, else
 * AddtlNtryInf). Entries whose Sts is not booked (BOOK) are refused: a statement holds booked
 * entries. The external DTD and network are never read (XML_PARSE_NONET, no entity
 * substitution).
 *
 * Ownership: camt053_parse fills *out, which owns its entries; camt053_free releases them. */
#ifndef PRUDENT_INGEST_CAMT053_H
#define PRUDENT_INGEST_CAMT053_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/money.h"

#define CAMT_TEXT_MAX 161

struct camt_entry {
    int line; /* the line of its Ntry element */
    date_t booking, value; /* value: DATE_NONE when not given */
    money_t amount;        /* signed: + credit, - debit */
    char reference[CAMT_TEXT_MAX];
    char description[CAMT_TEXT_MAX];
};

struct camt_statement {
    char id[CAMT_TEXT_MAX];
    char account[CAMT_TEXT_MAX]; /* IBAN or other id; "" when none */
    bool has_opening, has_closing;
    money_t opening, closing;
    date_t opening_date, closing_date;
    int opening_line, closing_line;
    struct camt_entry *e;
    int n;
};

/* Parse len bytes of buf. Returns 0 with *out filled, or -1 with why (whylen bytes) saying what
 * is wrong and *line the line it is on (0 when none); *out then needs no camt053_free. */
int camt053_parse(const char *buf, size_t len, struct camt_statement *out, char *why, size_t whylen, int *line);
void camt053_free(struct camt_statement *s);

#endif
