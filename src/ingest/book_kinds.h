/* book_kinds.h: the import kinds of the deal book (rows of import_kinds[] in cli/cmd_import.c):
 * counterparties (shared by all authorities), investments and loans (per authority). Each has
 * the signature of import_fn (ingest/import.h). */
#ifndef PRUDENT_INGEST_BOOK_KINDS_H
#define PRUDENT_INGEST_BOOK_KINDS_H

#include "ingest/import.h"

int import_counterparties(PGconn *c, const struct authority *a, const char *path,
                          const struct import_opts *o);
int import_investments(PGconn *c, const struct authority *a, const char *path,
                       const struct import_opts *o);
int import_loans(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o);
int import_movements(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o);

#endif
