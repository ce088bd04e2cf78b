/* indicators.c: external debt, interest rate exposure, and every prudential indicator with its
 * status under a strategy (see indicators.h). */
#include "core/indicators.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/creditscore.h"
#include "core/liquidity.h"
#include "core/loan_events.h"
#include "core/schedule.h"
#include "core/wam.h"

const char *ind_status_name(enum ind_status s)
{
    return s == IND_BREACH ? "breach" : s == IND_WARNING ? "warning" : "ok";
}

enum ind_status ind_status_ceiling(money_t actual, struct opt_money limit, int ratio_bp)
{
    if (limit.unlimited)
        return IND_OK;
    if (actual > limit.amount)
        return IND_BREACH;
    if (limit.amount > 0 && (__int128)actual * 10000 >= (__int128)limit.amount * ratio_bp)
        return IND_WARNING;
    return IND_OK;
}

enum ind_status ind_status_floor(money_t actual, struct opt_money limit, int ratio_bp)
{
    if (limit.unlimited)
        return IND_OK;
    if (actual < limit.amount)
        return IND_BREACH;
    if (limit.amount > 0 && (__int128)actual * ratio_bp <= (__int128)limit.amount * 10000)
        return IND_WARNING;
    return IND_OK;
}

enum ind_status ind_status_band(int actual_bp, int lower_bp, int upper_bp, int ratio_bp)
{
    if (actual_bp < lower_bp || actual_bp > upper_bp)
        return IND_BREACH;
    if (upper_bp > 0 && upper_bp < 10000 && (int64_t)actual_bp * 10000 >= (int64_t)upper_bp * ratio_bp)
        return IND_WARNING;
    if (lower_bp > 0 && (int64_t)actual_bp * ratio_bp <= (int64_t)lower_bp * 10000)
        return IND_WARNING;
    return IND_OK;
}

enum ind_status ind_status_score(double score, int max_notch, int ratio_bp)
{
    if (max_notch <= 0)
        return IND_OK;
    long hundredths = lround(score * 100.0);
    if (hundredths > max_notch * 100L)
        return IND_BREACH;
    if (hundredths * 10000L >= max_notch * 100L * ratio_bp)
        return IND_WARNING;
    return IND_OK;
}

int debt_summary_compute(const struct loan *loans, int n, date_t as_of, money_t other_liabilities,
                         struct debt_summary *out)
{
    memset(out, 0, sizeof *out);
    for (int k = 0; k < n; k++) {
        const struct loan *l = &loans[k];
        struct loan now;
        if (!loan_started(l, as_of) || !loan_as_at(l, as_of, &now))
            continue;
        l = &now;
        money_t owed = schedule_outstanding(l, as_of);
        if (owed <= 0)
            continue;
        struct debt_line *d = &out->by_type[l->type];
        d->count++;
        rate_avg_add(&d->avg, owed, l->rate);
        if (!money_accumulate(&d->principal, owed) || !money_accumulate(&out->loans, owed) ||
            !money_accumulate(l->variable ? &out->variable_loans : &out->fixed_loans, owed))
            return -1;
    }
    out->other_liabilities = other_liabilities;
    return money_add(out->loans, other_liabilities, &out->external_debt) ? 0 : -1;
}

int rate_exposure_compute(const struct loan *loans, int nloans, const struct investment *inv,
                          int ninv, date_t as_of, struct rate_exposure *out)
{
    memset(out, 0, sizeof *out);
    struct debt_summary d;
    if (debt_summary_compute(loans, nloans, as_of, 0, &d) < 0)
        return -1;
    out->fixed_borrowing = d.fixed_loans;
    out->variable_borrowing = d.variable_loans;
    for (int k = 0; k < ninv; k++) {
        const struct investment *i = &inv[k];
        if (!investment_held(i, as_of))
            continue;
        money_t *sum = inv_type_is_dated(i->type) ? &out->fixed_investments : &out->variable_investments;
        if (!money_accumulate(sum, i->principal))
            return -1;
    }
    if (!money_sub(out->fixed_borrowing, out->fixed_investments, &out->fixed_net) ||
        !money_sub(out->variable_borrowing, out->variable_investments, &out->variable_net))
        return -1;
    return 0;
}

static struct indicator *next(struct indicator_set *set, const char *code, enum ind_kind kind)
{
    struct indicator *v = &set->v[set->n++];
    memset(v, 0, sizeof *v);
    snprintf(v->code, sizeof v->code, "%s", code);
    v->kind = kind;
    v->limit.unlimited = true;
    return v;
}

static void money_indicator(struct indicator_set *set, const char *code, enum ind_kind kind,
                            money_t actual, struct opt_money limit, int ratio_bp)
{
    struct indicator *v = next(set, code, kind);
    v->actual = actual;
    v->limit = limit;
    v->status = kind == IND_FLOOR ? ind_status_floor(actual, limit, ratio_bp)
                                  : ind_status_ceiling(actual, limit, ratio_bp);
}

static void score_indicator(struct indicator_set *set, const char *code, double score,
                            const struct strategy *s)
{
    struct indicator *v = next(set, code, IND_SCORE);
    v->score = score;
    v->max_notch = s->credit_score_max_notch;
    v->status = ind_status_score(score, v->max_notch, s->warning_ratio_bp);
}

int indicators_compute(const struct strategy *s, const struct investment *inv, int ninv,
                       const struct loan *loans, int nloans, date_t as_of, date_t reference,
                       const int *notch, struct indicator_set *out)
{
    memset(out, 0, sizeof *out);
    int r = s->warning_ratio_bp;
    if (debt_summary_compute(loans, nloans, as_of, s->other_long_term_liabilities, &out->debt) < 0)
        return -1;
    money_indicator(out, "authorised_limit", IND_CEILING, out->debt.external_debt,
                    s->authorised_limit, r);
    money_indicator(out, "operational_boundary", IND_CEILING, out->debt.external_debt,
                    s->operational_boundary, r);
    money_t over364;
    if (invested_over_364_days(inv, ninv, as_of, &over364) < 0)
        return -1;
    money_indicator(out, "invested_over_364_days", IND_CEILING, over364, s->invested_over_364_days, r);
    if (maturity_structure(loans, nloans, as_of, reference, s, &out->maturity) < 0)
        return -1;
    for (int b = 0; b < s->nbands; b++) {
        char code[64];
        snprintf(code, sizeof code, "maturity_structure.%s", s->bands[b].code);
        struct indicator *v = next(out, code, IND_BAND);
        v->band = b;
        v->percent = out->maturity.percent[b];
        v->lower_bp = s->bands[b].lower_bp;
        v->upper_bp = s->bands[b].upper_bp;
        int actual_bp = (int)lround(round(v->percent * 100.0)); /* compare what is shown */
        v->status = out->maturity.total ? ind_status_band(actual_bp, v->lower_bp, v->upper_bp, r)
                                        : IND_OK; /* no borrowing: nothing to structure */
    }
    struct rate_exposure x;
    if (rate_exposure_compute(loans, nloans, inv, ninv, as_of, &x) < 0)
        return -1;
    money_indicator(out, "fixed_rate_exposure", IND_CEILING, x.fixed_net, s->fixed_rate_exposure, r);
    money_indicator(out, "variable_rate_exposure", IND_CEILING, x.variable_net,
                    s->variable_rate_exposure, r);
    money_t liquid;
    if (liquidity_within_3m(inv, ninv, as_of, &liquid) < 0)
        return -1;
    money_indicator(out, "liquidity", IND_FLOOR, liquid, s->liquidity_minimum, r);
    if (notch) {
        struct credit_score *cs = &out->credit;
        if (credit_score_compute(inv, notch, ninv, as_of, cs) < 0)
            return -1;
        out->has_credit = true;
        score_indicator(out, "credit_score.value_weighted", cs->value_weighted, s);
        score_indicator(out, "credit_score.time_weighted", cs->time_weighted, s);
    }
    return 0;
}
