/* maturing.c: the `maturing` view: each loan instalment repaying principal in [from, to], with
 * the total and the principal-weighted average rate (interfaces.md). Instalments come from
 * core/schedule, the same schedule stored with each loan. --from defaults to the as-of date,
 * --to to the end of the financial year of --from. */
#include <stdlib.h>
#include <string.h>

#include "core/loan_events.h"
#include "core/schedule.h"
#include "store/book.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/book_views.h"
#include "views/text.h"

struct due {
    const struct loan *l;
    struct instalment i;
    rate_t rate; /* the loan's rate for it (a LOBO option may have changed it) */
};

static int by_date(const void *pa, const void *pb)
{
    const struct due *x = pa, *y = pb;
    if (x->i.date != y->i.date)
        return x->i.date < y->i.date ? -1 : 1;
    return strcmp(x->l->ref, y->l->ref);
}

/* Append loan l's principal instalments in [from, to] to *list. Returns -1 on overflow. */
static int collect(const struct loan *l, date_t from, date_t to, struct due **list, int *n, int *cap)
{
    int count = schedule_count(l);
    struct instalment *s = calloc((size_t)count, sizeof *s);
    int n_due = s ? loan_schedule_build(l, s, count) : -1;
    if (n_due < 0) {
        free(s);
        return -1;
    }
    for (int k = 0; k < n_due; k++) {
        if (s[k].principal == 0 || s[k].date < from || s[k].date > to)
            continue;
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *list = xrealloc(*list, (unsigned long)*cap * sizeof **list);
        }
        struct loan then;
        rate_t rate = loan_as_at(l, s[k].date - 1, &then) ? then.rate : l->rate;
        (*list)[(*n)++] = (struct due){.l = l, .i = s[k], .rate = rate};
    }
    free(s);
    return 0;
}

static void add_instalment(cJSON *arr, const struct book *b, const struct due *d)
{
    cJSON *o = cJSON_CreateObject();
    const struct counterparty *cp = book_counterparty(b, d->l->lender_id);
    cJSON_AddStringToObject(o, "ref", d->l->ref);
    json_add_date(o, "date", d->i.date);
    json_add_money(o, "amount", d->i.principal);
    json_add_rate(o, "rate", d->rate);
    cJSON_AddStringToObject(o, "repayment", repayment_name(d->l->repayment));
    cJSON_AddStringToObject(o, "type", loan_type_name(d->l->type));
    cJSON_AddStringToObject(o, "lender", cp ? cp->code : "");
    cJSON_AddStringToObject(o, "lender_name", cp ? cp->name : "");
    json_add_money(o, "interest", d->i.interest);
    cJSON_AddItemToArray(arr, o);
}

cJSON *view_maturing_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code)
{
    date_t from = args->from != DATE_NONE ? args->from : args->as_of;
    date_t to = args->to != DATE_NONE ? args->to : date_fy_end(date_financial_year(from));
    if (to < from) {
        *code = fail(EXIT_BAD, "maturing: --to is before --from");
        return NULL;
    }
    struct book b;
    if (book_load_at(c, a->id, args->as_of, &b) < 0) {
        *code = EXIT_DEP;
        return NULL;
    }
    struct due *list = NULL;
    int n = 0, cap = 0;
    for (int i = 0; i < b.nloans; i++) {
        if (collect(&b.loans[i], from, to, &list, &n, &cap) < 0) {
            *code = fail(EXIT_BAD, "maturing: the schedule of loan %s overflows", b.loans[i].ref);
            free(list);
            book_free(&b);
            return NULL;
        }
    }
    if (n)
        qsort(list, (size_t)n, sizeof *list, by_date);
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "from", from);
    json_add_date(doc, "to", to);
    cJSON *arr = cJSON_AddArrayToObject(doc, "instalments");
    money_t total = 0;
    struct rate_avg avg = {0};
    for (int k = 0; k < n; k++) {
        add_instalment(arr, &b, &list[k]);
        money_accumulate(&total, list[k].i.principal);
        rate_avg_add(&avg, list[k].i.principal, list[k].rate);
    }
    json_add_money(doc, "total", total);
    if (n)
        json_add_rate(doc, "average_rate", rate_avg_value(&avg));
    else
        cJSON_AddNullToObject(doc, "average_rate");
    cJSON_AddNumberToObject(doc, "count", n);
    free(list);
    book_free(&b);
    return doc;
}

void view_maturing_text(const cJSON *doc, FILE *out)
{
    char m[MONEY_BUFSZ + 2], d1[DATE_BUFSZ], d2[DATE_BUFSZ];
    fprintf(out, "Debt maturing from %s to %s\n\n", text_date(doc, "from", d1), text_date(doc, "to", d2));
    struct table *t = table_new(6, "Date", "Ref", "Type", "Lender", "Principal repaid", "Rate %");
    table_align_right(t, 4);
    table_align_right(t, 5);
    const cJSON *i;
    cJSON_ArrayForEach(i, cJSON_GetObjectItemCaseSensitive(doc, "instalments")) {
        table_row(t, text_date(i, "date", d1), text_str(i, "ref"), text_str(i, "type"),
                  text_str(i, "lender_name"), text_money(i, "amount", m), text_str(i, "rate"));
    }
    table_print(t, out);
    table_free(t);
    const char *avg = text_str(doc, "average_rate");
    fprintf(out, "\nTotal %s%s%s%s\n", text_money(doc, "total", m), *avg ? " at an average rate of " : "",
            avg, *avg ? "%" : "");
}
