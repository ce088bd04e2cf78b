/* import.h: the kinds of `prudent import KIND FILE`. Each kind is one function in a file of its
 * own under src/ingest/, listed once in import_kinds[] (src/cli/cmd_import.c).
 *
 * Every import is all-or-nothing: validate the whole file, report every bad row as
 * "prudent: FILE:LINE: FIELD "VALUE" REASON" (one line each), and write nothing unless all rows
 * are good, in one transaction. Re-importing an identical file changes nothing. */
#ifndef PRUDENT_INGEST_IMPORT_H
#define PRUDENT_INGEST_IMPORT_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "store/authority.h"

struct import_opts {
    bool dry_run;      /* validate only, write nothing */
    bool progress;     /* print a progress line on stderr (stderr is a terminal) */
    const char *actor; /* who, for the audit trail */
    const char *account; /* statement: the bank account's code (--account); else NULL */
};

/* Import the file at path. a is NULL for kinds shared by all authorities (counterparties,
 * ratings). Returns EXIT_OK, EXIT_BAD (bad file: nothing written) or EXIT_DEP. Prints a one-line
 * summary on stdout on success ("imported 120 investments: 118 new, 2 unchanged"). */
typedef int (*import_fn)(PGconn *c, const struct authority *a, const char *path,
                         const struct import_opts *o);

struct import_kind {
    const char *name;
    import_fn run;
    bool per_authority;
};

extern const struct import_kind import_kinds[]; /* ends with a row of NULLs */

#endif
