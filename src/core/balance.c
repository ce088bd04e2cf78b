/* balance.c: account balances at a date from opening principal and movements (see balance.h). */
#include "core/balance.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[MOVE_KIND_COUNT] = {"deposit", "withdrawal", "interest", "valuation"};

const char *move_kind_name(enum move_kind k)
{
    return k >= 0 && k < MOVE_KIND_COUNT ? kind_names[k] : "";
}

bool move_kind_parse(const char *s, enum move_kind *out)
{
    for (int k = 0; k < MOVE_KIND_COUNT; k++)
        if (s && strcmp(s, kind_names[k]) == 0) {
            *out = (enum move_kind)k;
            return true;
        }
    return false;
}

money_t movement_change(const struct movement *m)
{
    switch (m->kind) {
    case MOVE_DEPOSIT:
    case MOVE_INTEREST: return m->amount;
    case MOVE_WITHDRAWAL: return -m->amount;
    default: return 0;
    }
}

int account_balance_at(int64_t id, date_t start, money_t opening, const struct movement *m, int n, date_t at,
                       money_t *out)
{
    *out = 0;
    if (at != DATE_NONE && at < start)
        return 0;
    money_t b = opening;
    for (int i = 0; i < n; i++)
        if (m[i].investment_id == id && (at == DATE_NONE || m[i].date <= at) &&
            !money_add(b, movement_change(&m[i]), &b))
            return -1;
    *out = b;
    return 0;
}

bool account_value_at(int64_t id, const struct movement *m, int n, date_t at, money_t *out)
{
    int best = -1;
    for (int i = 0; i < n; i++)
        if (m[i].investment_id == id && m[i].kind == MOVE_VALUATION && (at == DATE_NONE || m[i].date <= at) &&
            (best < 0 || m[i].date >= m[best].date))
            best = i;
    if (best >= 0)
        *out = m[best].amount;
    return best >= 0;
}

int account_first_overdraw(int64_t id, money_t opening, const struct movement *m, int n, money_t *low)
{
    money_t b = opening;
    for (int i = 0; i < n;) {
        int first = -1, j = i;
        for (; j < n && m[j].date == m[i].date; j++) /* one date at a time */
            if (m[j].investment_id == id) {
                if (first < 0)
                    first = j;
                if (!money_add(b, movement_change(&m[j]), &b))
                    return -2;
            }
        if (first >= 0 && b < 0) {
            if (low)
                *low = b;
            return first;
        }
        i = j;
    }
    return -1;
}

static int by_account_date(const void *pa, const void *pb)
{
    const struct movement *a = pa, *b = pb;
    if (a->investment_id != b->investment_id)
        return a->investment_id < b->investment_id ? -1 : 1;
    return (a->date > b->date) - (a->date < b->date);
}

int movements_run(int64_t id, const struct movement *m, int n, int *len)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (m[mid].investment_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    int end = lo;
    while (end < n && m[end].investment_id == id)
        end++;
    *len = end - lo;
    return lo;
}

/* The principal of inv at `at`, in *out; *held false when it is zero (an emptied account, a
 * dated deal repaid whole). A dated deal's movements are its early repayments (withdrawals). */
static int principal_at(const struct investment *v, const struct movement *sorted, int n, date_t at,
                        money_t *out, bool *held)
{
    int len, from = movements_run(v->id, sorted, n, &len);
    *out = v->principal;
    *held = true;
    if (len == 0 || at < v->start)
        return 0;
    if (account_balance_at(v->id, v->start, v->principal, sorted + from, len, at, out) < 0)
        return -1;
    *held = *out > 0;
    return 0;
}

int investments_at(struct investment *inv, int *ninv, const struct movement *m, int n, date_t at)
{
    if (n == 0)
        return 0;
    struct movement *sorted = malloc(sizeof *sorted * (size_t)n);
    money_t *bal = malloc(sizeof *bal * (size_t)(*ninv ? *ninv : 1));
    bool *held = malloc(sizeof *held * (size_t)(*ninv ? *ninv : 1));
    int rc = sorted && bal && held ? 0 : -1;
    if (rc == 0) {
        memcpy(sorted, m, sizeof *sorted * (size_t)n);
        qsort(sorted, (size_t)n, sizeof *sorted, by_account_date);
    }
    for (int i = 0; i < *ninv && rc == 0; i++)
        rc = principal_at(&inv[i], sorted, n, at, &bal[i], &held[i]);
    if (rc == 0) {
        int k = 0;
        for (int i = 0; i < *ninv; i++)
            if (held[i]) {
                inv[k] = inv[i];
                inv[k++].principal = bal[i];
            }
        *ninv = k;
    }
    free(sorted);
    free(bal);
    free(held);
    return rc;
}

int investment_pieces(const struct investment *v, const struct movement *m, int n, struct investment *out)
{
    int k = 0;
    money_t rest = v->principal;
    for (int i = 0; i < n; i++)
        if (m[i].investment_id == v->id && m[i].kind == MOVE_WITHDRAWAL && inv_type_is_dated(v->type)) {
            out[k] = *v;
            out[k].principal = m[i].amount;
            if (m[i].date < out[k].maturity)
                out[k].maturity = m[i].date > v->start ? m[i].date : v->start;
            if (!money_sub(rest, m[i].amount, &rest))
                return -1;
            k++;
        }
    if (rest > 0 || k == 0) {
        out[k] = *v;
        out[k++].principal = rest;
    }
    return k;
}
