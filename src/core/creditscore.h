/* creditscore.h: the credit score of the investment portfolio (domain.md "Credit score"), a
 * security indicator: with score = the long-term notch of the counterparty (AAA = 1, AA+ = 2,
 * ... core/rating.h), over the rated investments outstanding at the as-of date,
 *   value-weighted = sum(score x principal) / sum(principal)
 *   time-weighted  = sum(score x principal x days) / sum(principal x days)
 * with days as WAM counts them (pooled funds: left out). Each is reported with the rating it
 * rounds to (half a notch rounds to the worse notch). The notch of each investment's
 * counterparty at the as-of date is the caller's input (the lending list decides it). */
#ifndef PRUDENT_CORE_CREDITSCORE_H
#define PRUDENT_CORE_CREDITSCORE_H

#include "core/book.h"

struct credit_score {
    int count;               /* rated investments counted */
    money_t rated;           /* their principal */
    money_t unrated;         /* principal of outstanding investments with no notch (0) */
    double value_weighted;   /* 0 when nothing is rated */
    double time_weighted;    /* 0 when nothing rated has days to maturity */
    int value_notch;         /* the notch value_weighted rounds to (0: none) */
    int time_notch;
};

/* notch[k] is the long-term notch of inv[k]'s counterparty at as_of (0: unrated). Returns 0, or
 * -1 on overflow. */
int credit_score_compute(const struct investment *inv, const int *notch, int n, date_t as_of,
                         struct credit_score *out);
/* The notch a score rounds to: 4.49 -> 4, 4.5 -> 5; 0 for a score of 0. */
int credit_score_notch(double score);

#endif
