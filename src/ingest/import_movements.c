/* import_movements.c: `prudent import movements FILE`: money in and out of the authority's
 * accounts (call, MMF, notice and pooled investments), interest added and pooled funds'
 * valuations (interfaces.md "The book over time"), through the all-or-nothing engine of
 * importer.h. A movement is keyed by everything it says (ref, date, kind, amount, note): the
 * same line imported again is unchanged. Refused with their line: an unknown ref, a dated deal's
 * ref, a date before the holding's start, a valuation of anything but a pooled fund, a line
 * repeated within the file, and any movement that, with the movements already in the book,
 * takes an account's balance below zero on some date (core/balance.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/balance.h"
#include "ingest/book_kinds.h"
#include "ingest/importer.h"
#include "store/movement.h"
#include "util/err.h"

enum { F_REF, F_DATE, F_KIND, F_AMOUNT, F_NOTE, NF };

static const struct field_def fields[NF] = {
    {"ref", true}, {"date", true}, {"kind", true}, {"amount", true}, {"note", false},
};
static const char *const col_names[NF] = {"ref", "date", "kind", "amount", "note"};

#define NOTE_MAX 500

/* A valid record, as a movement of one of the accounts. */
struct staged {
    bool valid;
    int account; /* index in ctx.accounts */
    struct movement m;
    char *note; /* owned */
    int line;   /* the record's line in the file */
};

struct ctx {
    int64_t authority_id;
    const char *authority_code;
    struct account_ref *accounts; /* by ref, bytewise */
    int naccounts;
    const char *kinds[MOVE_KIND_COUNT];
    struct staged *rec; /* one per record read so far (the balance check needs them all) */
    int nrec, cap;
};

static int prepare(PGconn *c, void *arg)
{
    struct ctx *x = arg;
    x->naccounts = account_refs_load(c, x->authority_id, &x->accounts);
    return x->naccounts < 0 ? -1 : 0;
}

static int by_ref(const void *key, const void *elem)
{
    return strcmp(key, ((const struct account_ref *)elem)->ref);
}

/* The account the ref names, or NULL after reporting why it cannot have movements. */
static const struct account_ref *account_of(struct ctx *x, struct row *w)
{
    if (!field_required(w, F_REF))
        return NULL;
    const struct account_ref *a =
        bsearch(row_value(w, F_REF), x->accounts, (size_t)x->naccounts, sizeof *x->accounts, by_ref);
    if (!a)
        row_fail(w, F_REF, "is not an investment of %s (import investments first)", x->authority_code);
    else if (inv_type_is_dated(a->type))
        row_fail(w, F_REF, "is a dated deal (%s): only call, mmf, notice and pooled accounts have movements",
                 inv_type_name(a->type));
    else if (a->status == DEAL_CANCELLED)
        row_fail(w, F_REF, "is cancelled");
    else
        return a;
    return NULL;
}

static bool validate(void *arg, struct row *w, char **cols)
{
    struct ctx *x = arg;
    int i = w->idx, kind = -1;
    if (i >= x->cap) { /* records come one by one (importer.h streams them) */
        int cap = x->cap ? x->cap : 256;
        while (cap <= i)
            cap *= 2;
        x->rec = xrealloc(x->rec, (unsigned long)cap * sizeof *x->rec);
        memset(x->rec + x->cap, 0, (unsigned long)(cap - x->cap) * sizeof *x->rec);
        x->cap = cap;
    }
    if (i >= x->nrec)
        x->nrec = i + 1;
    struct staged *s = &x->rec[i];
    s->line = w->rec->line;
    const struct account_ref *a = account_of(x, w);
    const char *note = "";
    bool dated = field_date(w, F_DATE, true, &s->m.date);
    bool kinded = field_choice(w, F_KIND, true, x->kinds, MOVE_KIND_COUNT, &kind);
    field_money(w, F_AMOUNT, true, true, &s->m.amount);
    field_text(w, F_NOTE, false, NOTE_MAX, &note);
    if (a && dated && s->m.date < a->start) {
        char d[DATE_BUFSZ];
        row_fail(w, F_DATE, "is before the holding's start date %s", date_format_iso(a->start, d));
    }
    if (a && kinded && kind == MOVE_VALUATION && a->type != INV_POOLED)
        row_fail(w, F_KIND, "is for pooled funds only (%s is %s)", a->ref, inv_type_name(a->type));
    if (!w->ok)
        return false;
    s->valid = true;
    s->account = (int)(a - x->accounts);
    s->m.investment_id = a->id;
    s->m.kind = (enum move_kind)kind;
    s->note = xstrdup(note);
    cols[0] = xstrdup(a->ref);
    cols[1] = stage_date(s->m.date);
    cols[2] = xstrdup(x->kinds[kind]);
    cols[3] = stage_money(s->m.amount);
    cols[4] = xstrdup(note);
    return true;
}

/* ---- the checks against the book ----------------------------------------------------------- */

/* A movement of the combined history: from the book (rec -1) or record rec of the file. */
struct entry {
    struct movement m;
    const char *note;
    int rec;
};

static int by_account_date(const void *pa, const void *pb)
{
    const struct entry *a = pa, *b = pb;
    if (a->m.investment_id != b->m.investment_id)
        return a->m.investment_id < b->m.investment_id ? -1 : 1;
    if (a->m.date != b->m.date)
        return a->m.date < b->m.date ? -1 : 1;
    return a->rec < b->rec ? -1 : a->rec > b->rec;
}

static bool same(const struct entry *a, const struct entry *b)
{
    return a->m.investment_id == b->m.investment_id && a->m.date == b->m.date && a->m.kind == b->m.kind &&
           a->m.amount == b->m.amount && strcmp(a->note, b->note) == 0;
}

/* Refuse a line repeated within the file (entries sorted; book entries first on a date). */
static void check_repeats(const struct entry *e, int n, const struct staged *line_of, const struct records *rs,
                          struct import_errors *err)
{
    for (int i = 1; i < n; i++)
        for (int j = i - 1; j >= 0 && e[j].m.investment_id == e[i].m.investment_id && e[j].m.date == e[i].m.date;
             j--)
            if (e[i].rec >= 0 && e[j].rec >= 0 && same(&e[i], &e[j])) {
                import_row_error(rs, e[i].rec, F_REF, err, "repeats line %d (a movement is keyed by ref, date,"
                                 " kind, amount and note)", line_of[e[j].rec].line);
                break;
            }
}

/* The record to blame for an overdraw on the date of e[at] within the run e[0..n): the last
 * withdrawal from the file on or before that date, else the last line from the file then. */
static int culprit(const struct entry *e, int n, int at)
{
    int last = -1, withdrawal = -1;
    for (int i = 0; i < n && e[i].m.date <= e[at].m.date; i++)
        if (e[i].rec >= 0) {
            last = e[i].rec;
            if (e[i].m.kind == MOVE_WITHDRAWAL)
                withdrawal = e[i].rec;
        }
    return withdrawal >= 0 ? withdrawal : last;
}

/* One account's run e[0..n) (sorted by date): refuse the file's line that takes it below zero. */
static void check_run(const struct ctx *x, const struct entry *e, int n, const struct account_ref *a,
                      const struct records *rs, struct import_errors *err)
{
    struct movement *m = xcalloc((unsigned long)n, sizeof *m);
    bool fresh = false;
    for (int i = 0; i < n; i++) {
        m[i] = e[i].m;
        fresh |= e[i].rec >= 0;
    }
    money_t low = 0;
    int at = fresh ? account_first_overdraw(a->id, a->principal, m, n, &low) : -1;
    if (at == -2) {
        import_row_error(rs, e[0].rec >= 0 ? e[0].rec : culprit(e, n, n - 1), F_AMOUNT, err,
                         "the balance of %s overflows", a->ref);
    } else if (at >= 0) {
        int rec = culprit(e, n, at);
        char d[DATE_BUFSZ], b[MONEY_BUFSZ];
        if (rec >= 0)
            import_row_error(rs, rec, F_AMOUNT, err, "would take the balance of %s below zero on %s (%s)",
                             a->ref, date_format_iso(e[at].m.date, d), money_format(low, MONEY_GROUPED, b));
    }
    (void)x;
    free(m);
}

static const struct account_ref *account_by_id(const struct ctx *x, int64_t id)
{
    for (int i = 0; i < x->naccounts; i++)
        if (x->accounts[i].id == id)
            return &x->accounts[i];
    return NULL;
}

/* The book's current movements with the file's new ones (a line identical to one in the book is
 * unchanged and counts once), sorted by account and date, into *out. Returns the count or -1. */
static int combine(PGconn *c, const struct ctx *x, const struct records *rs, struct entry **out, char ***notes,
                   int *nbook)
{
    struct movement *book;
    *nbook = movements_load(c, &x->authority_id, 1, DATE_NONE, &book, NULL, notes);
    if (*nbook < 0)
        return -1;
    (void)rs;
    struct entry *e = xcalloc((unsigned long)(*nbook + x->nrec) + 1, sizeof *e);
    int n = 0;
    for (int i = 0; i < *nbook; i++)
        e[n++] = (struct entry){book[i], (*notes)[i], -1};
    free(book);
    for (int i = 0; i < x->nrec; i++)
        if (x->rec[i].valid)
            e[n++] = (struct entry){x->rec[i].m, x->rec[i].note, i};
    qsort(e, (size_t)n, sizeof *e, by_account_date);
    /* drop the file's lines the book holds already */
    int k = 0;
    for (int i = 0; i < n; i++) {
        bool known = false;
        for (int j = i - 1; e[i].rec >= 0 && j >= 0 && e[j].m.investment_id == e[i].m.investment_id &&
                            e[j].m.date == e[i].m.date && !known;
             j--)
            known = e[j].rec < 0 && same(&e[i], &e[j]);
        if (!known)
            e[k++] = e[i];
    }
    *out = e;
    return k;
}

static int check(PGconn *c, void *arg, const struct records *rs, struct import_errors *err)
{
    struct ctx *x = arg;
    struct entry *e;
    char **notes;
    int nbook, n = combine(c, x, rs, &e, &notes, &nbook);
    if (n < 0)
        return -1;
    check_repeats(e, n, x->rec, rs, err);
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && e[j].m.investment_id == e[i].m.investment_id)
            j++;
        const struct account_ref *a = account_by_id(x, e[i].m.investment_id);
        if (a)
            check_run(x, e + i, j - i, a, rs, err);
        i = j;
    }
    for (int i = 0; i < nbook; i++)
        free(notes[i]);
    free(notes);
    free(e);
    return 0;
}

static const struct import_spec spec = {
    .kind = "movements",
    .entity = "movement",
    .fields = fields,
    .nfields = NF,
    .key_field = -1, /* the whole line is the key: check() refuses repeats */
    .ncols = NF,
    .col_names = col_names,
    .amend_hint = "%s",
    .stage = STAGE_MOVEMENTS,
    .prepare = prepare,
    .validate = validate,
    .check = check,
};

int import_movements(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o)
{
    struct ctx x = {.authority_id = a->id, .authority_code = a->code};
    for (int k = 0; k < MOVE_KIND_COUNT; k++)
        x.kinds[k] = move_kind_name((enum move_kind)k);
    int rc = import_run(c, a, path, o, &spec, &x);
    free(x.accounts);
    for (int i = 0; i < x.nrec; i++)
        free(x.rec[i].note);
    free(x.rec);
    return rc;
}
