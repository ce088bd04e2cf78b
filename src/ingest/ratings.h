/* ratings.h: `prudent import ratings FILE`: rating actions of Fitch, Moody's and S&P
 * (counterparty,agency,term,rating,outlook,watch,effective_date), kept as a full history keyed
 * by (counterparty, agency, term, effective_date). An import_fn of ingest/import.h. */
#ifndef PRUDENT_INGEST_RATINGS_H
#define PRUDENT_INGEST_RATINGS_H

#include "ingest/import.h"

int import_ratings(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o);

#endif
