/* table.h: plain-text tables for the human-readable (non --json) output of verbs.
 *
 *   struct table *t = table_new(3, "Ref", "Counterparty", "Principal");
 *   table_align_right(t, 2);
 *   table_row(t, "D001", "Barclays", "£5,000,000.00");
 *   table_print(t, stdout);
 *   table_free(t);
 * Cells are copied; the table owns them. Widths count UTF-8 characters, not bytes. */
#ifndef PRUDENT_UTIL_TABLE_H
#define PRUDENT_UTIL_TABLE_H

#include <stdio.h>

struct table;

struct table *table_new(int ncols, ...);
void table_align_right(struct table *t, int col);
/* Add a row of exactly ncols strings (NULL prints as empty). */
void table_row(struct table *t, ...);
/* A row whose cells are given as an array. */
void table_row_v(struct table *t, const char *const *cells);
void table_print(const struct table *t, FILE *f);
void table_free(struct table *t);

#endif
