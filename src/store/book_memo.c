/* book_memo.c: the books kept between book_memo_begin and book_memo_end (store/book_memo.h), so
 * that the views of one report build read the authority's book from the database once. */
#include "store/book_memo.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"

struct kept {
    PGconn *conn;
    int64_t authority_id;
    enum book_memo_kind kind;
    date_t d1, d2;
    struct book book; /* owned by the memo */
};

/* One shared array (book_memo_array_put). */
struct kept_array {
    PGconn *conn;
    const char *what; /* a string literal of the caller's */
    size_t size;
    void *p; /* owned by the memo */
    int n;
};

static _Thread_local bool active;
static _Thread_local struct kept *kept; /* kept[0..nkept) */
static _Thread_local int nkept, capkept;
static _Thread_local struct kept_array arrays[4];
static _Thread_local int narrays;

void book_memo_begin(void)
{
    active = true;
}

bool book_memo_active(void)
{
    return active;
}

void book_memo_end(void)
{
    for (int i = 0; i < nkept; i++)
        book_free(&kept[i].book);
    free(kept);
    kept = NULL;
    nkept = capkept = 0;
    for (int i = 0; i < narrays; i++)
        free(arrays[i].p);
    memset(arrays, 0, sizeof arrays);
    narrays = 0;
    active = false;
}

/* A new copy of n elements of `size` bytes at p (NULL stays NULL; an empty array stays a
 * non-NULL empty one, as the loaders leave it). */
static void *dup_array(const void *p, int n, size_t size)
{
    if (!p)
        return NULL;
    void *q = xmalloc((unsigned long)(n > 0 ? n : 1) * size);
    if (n > 0)
        memcpy(q, p, (size_t)n * size);
    return q;
}

/* *to = a deep copy of *from: its own arrays, each loan's events pointing into its own
 * loan_events. Counterparties borrowed by *from are borrowed by *to too. */
static void book_copy(const struct book *from, struct book *to)
{
    *to = *from;
    if (!from->cps_borrowed)
        to->cps = dup_array(from->cps, from->ncps, sizeof *from->cps);
    to->inv = dup_array(from->inv, from->ninv, sizeof *from->inv);
    to->loans = dup_array(from->loans, from->nloans, sizeof *from->loans);
    to->moves = dup_array(from->moves, from->nmoves, sizeof *from->moves);
    to->loan_events = dup_array(from->loan_events, from->nloan_events, sizeof *from->loan_events);
    to->windows = dup_array(from->windows, from->nwindows, sizeof *from->windows);
    for (int i = 0; i < to->nloans; i++)
        if (from->loans[i].events)
            to->loans[i].events = to->loan_events + (from->loans[i].events - from->loan_events);
}

static struct kept *find(PGconn *c, int64_t authority_id, enum book_memo_kind kind, date_t d1, date_t d2)
{
    for (int i = 0; i < nkept; i++)
        if (kept[i].conn == c && kept[i].authority_id == authority_id && kept[i].kind == kind &&
            kept[i].d1 == d1 && kept[i].d2 == d2)
            return &kept[i];
    return NULL;
}

bool book_memo_get(PGconn *c, int64_t authority_id, enum book_memo_kind kind, date_t d1, date_t d2,
                   struct book *out)
{
    const struct kept *k = active ? find(c, authority_id, kind, d1, d2) : NULL;
    if (!k)
        return false;
    book_copy(&k->book, out);
    return true;
}

/* A new slot under the key (its book to fill), or NULL outside a scope or when the key is kept. */
static struct kept *new_kept(PGconn *c, int64_t authority_id, enum book_memo_kind kind, date_t d1, date_t d2)
{
    if (!active || find(c, authority_id, kind, d1, d2))
        return NULL;
    if (nkept == capkept) {
        capkept = capkept ? 2 * capkept : 8;
        kept = xrealloc(kept, (unsigned long)capkept * sizeof *kept);
    }
    struct kept *k = &kept[nkept++];
    *k = (struct kept){.conn = c, .authority_id = authority_id, .kind = kind, .d1 = d1, .d2 = d2};
    return k;
}

void book_memo_put(PGconn *c, int64_t authority_id, enum book_memo_kind kind, date_t d1, date_t d2,
                   const struct book *b)
{
    struct kept *k = new_kept(c, authority_id, kind, d1, d2);
    if (k)
        book_copy(b, &k->book);
}

void book_memo_put_moved(PGconn *c, int64_t authority_id, enum book_memo_kind kind, date_t d1, date_t d2,
                         struct book *b)
{
    struct kept *k = new_kept(c, authority_id, kind, d1, d2);
    if (k)
        k->book = *b;
    else
        book_free(b);
    memset(b, 0, sizeof *b);
}

static struct kept_array *find_array(PGconn *c, const char *what, size_t size)
{
    for (int i = 0; i < narrays; i++)
        if (arrays[i].conn == c && arrays[i].size == size && strcmp(arrays[i].what, what) == 0)
            return &arrays[i];
    return NULL;
}

bool book_memo_array_get(PGconn *c, const char *what, size_t size, void **out, int *n)
{
    const struct kept_array *k = active ? find_array(c, what, size) : NULL;
    if (!k)
        return false;
    *out = dup_array(k->p, k->n, size);
    *n = k->n;
    return true;
}

void book_memo_array_put(PGconn *c, const char *what, size_t size, const void *p, int n)
{
    if (!active || narrays == (int)(sizeof arrays / sizeof *arrays) || find_array(c, what, size))
        return;
    arrays[narrays++] = (struct kept_array){.conn = c, .what = what, .size = size, .p = dup_array(p, n, size), .n = n};
}
