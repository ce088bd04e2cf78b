/* holdings.c: investments held at a date and their days to maturity (see holdings.h). */
#include "core/holdings.h"

bool investment_held(const struct investment *v, date_t as_of)
{
    if (v->status == DEAL_CANCELLED || v->start > as_of)
        return false;
    return v->maturity == DATE_NONE || as_of < v->maturity;
}

int investment_days(const struct investment *v, date_t as_of)
{
    if (v->maturity != DATE_NONE)
        return (int)(v->maturity - as_of);
    switch (v->type) {
    case INV_NOTICE: return v->notice_days > 0 ? v->notice_days : 0;
    case INV_CALL:
    case INV_MMF: return 0;
    default: return -1;
    }
}
