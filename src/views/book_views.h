/* book_views.h: the views of the deal book (rows of views[] in views/registry.c): portfolio,
 * maturing and debt. Build functions return a new cJSON the caller owns (see view.h). */
#ifndef PRUDENT_VIEWS_BOOK_VIEWS_H
#define PRUDENT_VIEWS_BOOK_VIEWS_H

#include "views/view.h"

struct book;

cJSON *view_portfolio_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);
/* The same document of the book b at args->as_of (borrowed: the service's book at a date). */
cJSON *view_portfolio_of(const struct book *b, const struct view_args *args, int *code);
void view_portfolio_text(const cJSON *doc, FILE *out);
cJSON *view_maturing_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);
void view_maturing_text(const cJSON *doc, FILE *out);
cJSON *view_debt_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);
void view_debt_text(const cJSON *doc, FILE *out);

#endif
