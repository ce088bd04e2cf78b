/* prudential.c: CFR, loans CFR, net loans requirement and liability benchmark per plan year
 * (see core/prudential.h). */
#include "core/prudential.h"

int prudential_years(const struct capital_plan *p, const money_t *existing_debt,
                     struct prudential_year *out)
{
    money_t cfr = p->nyears ? p->years[0].opening_cfr : 0;
    for (int i = 0; i < p->nyears; i++) {
        const struct capital_plan_year *y = &p->years[i];
        struct prudential_year *o = &out[i];
        o->year = y->year;
        o->mrp = y->mrp;
        o->liquidity_allowance = y->liquidity_allowance;
        o->existing_debt = existing_debt ? existing_debt[i] : 0;
        if (!money_add(cfr, y->financed_by_borrowing, &cfr) || !money_sub(cfr, y->mrp, &cfr))
            return -1;
        o->cfr = cfr;
        if (!money_sub(cfr, y->other_long_term_liabilities, &o->loans_cfr) ||
            !money_sub(o->loans_cfr, y->usable_reserves, &o->net_loans_requirement) ||
            !money_sub(o->net_loans_requirement, y->working_capital, &o->net_loans_requirement) ||
            !money_add(o->net_loans_requirement, y->liquidity_allowance, &o->liability_benchmark))
            return -1;
    }
    return p->nyears;
}

int64_t prudential_ratio_bp(money_t num, money_t den)
{
    money_t bp = 0;
    if (den == 0 || !money_muldiv(num, 10000, den, &bp))
        return 0;
    return bp;
}
