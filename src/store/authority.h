/* authority.h: authorities (councils) in the database, and choosing the one a command acts on. */
#ifndef PRUDENT_STORE_AUTHORITY_H
#define PRUDENT_STORE_AUTHORITY_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/rows.h"

#define AUTHORITY_CODE_MAX 17

struct authority {
    int64_t id;
    char code[AUTHORITY_CODE_MAX];
};

/* true when code is 2-16 of A-Z, 0-9 and '-'. */
bool authority_code_valid(const char *code);

/* Insert a new authority. Returns 0, 1 if the code exists already, -1 on a database error. */
int authority_add(PGconn *c, const char *code, const char *name, const char *actor);

/* Resolve the authority to act on: the given code, else $PRUDENT_AUTHORITY, else the only
 * authority when exactly one exists. Returns EXIT_OK, EXIT_BAD (none/ambiguous/unknown, after
 * printing why) or EXIT_DEP. */
int authority_resolve(PGconn *c, const char *code, struct authority *out);

/* The authorities (all, or only the one with this code when code is not NULL), ordered by code,
 * with the columns id, code and name; row-level security shows the service role only those its
 * user covers. A new struct rows (store/rows.h) the caller frees, or NULL after printing why. */
struct rows *authority_rows(PGconn *c, const char *code);

/* The authority with this code into *out, and its name into a new string *name the caller
 * frees (name may be NULL). Returns 1 found, 0 none (or hidden by row-level security), -1 after
 * printing why. */
int authority_find(PGconn *c, const char *code, struct authority *out, char **name);

#endif
