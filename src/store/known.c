/* known.c: switching a connection to the book as known at a moment (see known.h). */
#include "store/known.h"

#include "store/db.h"

int known_at_set(PGconn *c, const char *moment, bool local)
{
    const char *p[] = {moment, local ? "true" : "false"};
    return db_exec(c, "read the book as known at the moment",
                   "SELECT set_config('prudent.as_known_at', $1::timestamptz::text, $2::boolean),"
                   " set_config('search_path', 'prudent_known, ' || current_setting('search_path'),"
                   " $2::boolean)",
                   2, p);
}
