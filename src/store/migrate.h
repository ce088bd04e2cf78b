/* migrate.h: numbered schema migrations from sql/NNN_name.sql, compiled into the program by
 * scripts/embed-sql, applied in order, each once, each in its own transaction, and recorded in
 * the table schema_migrations. A session-level advisory lock keeps two processes from migrating
 * at once. */
#ifndef PRUDENT_STORE_MIGRATE_H
#define PRUDENT_STORE_MIGRATE_H

#include <libpq-fe.h>
#include <stdbool.h>

struct migration {
    int version;
    const char *name;
    const char *sql;
};

extern const struct migration prudent_migrations[];
extern const int prudent_migrations_count;

/* Apply every pending migration. verbose prints one line per migration applied. Returns the
 * number applied, or -1 after printing the error (the failed migration is rolled back whole). */
int migrate_apply(PGconn *c, bool verbose);

#endif
