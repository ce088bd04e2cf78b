/* lending_at.c: the lending books and lists kept within one report build (views/lending_at.h). */
#include "views/lending_at.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"

struct kept_at {
    PGconn *conn;
    int64_t authority_id;
    date_t as_of;
    struct lending_at *x; /* owned by the scope */
};

static _Thread_local bool active;
static _Thread_local struct kept_at *kept; /* kept[0..nkept) */
static _Thread_local int nkept, capkept;

static void lending_at_free(struct lending_at *x)
{
    if (x->evaluated == 0)
        lending_list_free(&x->list);
    lending_book_free(&x->lb);
    free(x);
}

void lending_at_begin(void)
{
    active = true;
}

void lending_at_end(void)
{
    for (int i = 0; i < nkept; i++)
        lending_at_free(kept[i].x);
    free(kept);
    kept = NULL;
    nkept = capkept = 0;
    active = false;
}

static struct lending_at *find_kept(PGconn *c, int64_t authority_id, date_t as_of)
{
    for (int i = 0; i < nkept; i++)
        if (kept[i].conn == c && kept[i].authority_id == authority_id && kept[i].as_of == as_of)
            return kept[i].x;
    return NULL;
}

static void keep(PGconn *c, int64_t authority_id, date_t as_of, struct lending_at *x)
{
    if (nkept == capkept) {
        capkept = capkept ? 2 * capkept : 4;
        kept = xrealloc(kept, (size_t)capkept * sizeof *kept);
    }
    kept[nkept++] = (struct kept_at){c, authority_id, as_of, x};
    x->kept = true;
}

struct lending_at *lending_at_get(PGconn *c, int64_t authority_id, date_t as_of)
{
    struct lending_at *x = active ? find_kept(c, authority_id, as_of) : NULL;
    if (x)
        return x;
    x = xcalloc(1, sizeof *x);
    if (lending_load_at(c, authority_id, as_of, &x->lb) < 0) {
        free(x);
        return NULL;
    }
    x->evaluated = lending_evaluate(&x->lb.in, as_of, &x->list) < 0 ? -1 : 0;
    if (active)
        keep(c, authority_id, as_of, x);
    return x;
}

void lending_at_release(struct lending_at *x)
{
    if (x && !x->kept)
        lending_at_free(x);
}

void lending_at_put(PGconn *c, int64_t authority_id, date_t as_of, struct lending_at *x)
{
    if (active && !find_kept(c, authority_id, as_of))
        keep(c, authority_id, as_of, x);
    else
        lending_at_free(x);
}
