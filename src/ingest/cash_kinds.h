/* cash_kinds.h: the cash import kinds (rows of import_kinds[] in cli/cmd_import.c), each of the
 * signature of import_fn (ingest/import.h): bank accounts and forecast items
 * (ingest/import_cash.c), and a bank statement of the account o->account, CSV or camt.053
 * (ingest/import_statement.c). All-or-nothing, every bad line named (docs/import-formats.md). */
#ifndef PRUDENT_INGEST_CASH_KINDS_H
#define PRUDENT_INGEST_CASH_KINDS_H

#include "ingest/import.h"

int import_accounts(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o);
int import_cashflows(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o);
int import_statement(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o);

#endif
