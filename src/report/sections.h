/* sections.h: report sections shared by several reports (build_sections.c), each from one view
 * document: mostly a table spec and a call of the filler (build_parts.h), with the figures,
 * paragraphs and charts around it. Tables belong to the section's report. */
#ifndef PRUDENT_REPORT_SECTIONS_H
#define PRUDENT_REPORT_SECTIONS_H

#include "report/build_parts.h"

void rs_portfolio_by_type(struct rbuild *b, struct rsection *s, const cJSON *portfolio, bool chart);
void rs_holdings_by_type(struct rbuild *b, struct rsection *s, const cJSON *portfolio);
void rs_wam(struct rbuild *b, struct rsection *s, const cJSON *wam);
/* Returns the table. */
struct rtable *rs_debt_by_type(struct rbuild *b, struct rsection *s, const cJSON *debt, const char *id,
                               const char *title);
void rs_maturity_structure(struct rbuild *b, struct rsection *s, const cJSON *debt);
void rs_indicators(struct rbuild *b, struct rsection *s, const cJSON *indicators);
/* rs_indicators with each indicator's limit and actual at the financial year's end beside it
 * (`year_end`: the indicators document at 31 March of `year`, e.g. "2025/26"). */
void rs_indicators_forecast(struct rbuild *b, struct rsection *s, const cJSON *indicators, const cJSON *year_end,
                            const char *year);
/* The actual of indicator `code` in an indicators document, as a money value (null if absent). */
struct rvalue rs_indicator_actual(const cJSON *indicators, const char *code);
void rs_lending_changes(struct rbuild *b, struct rsection *s, const cJSON *limits);
void rs_exposure(struct rbuild *b, struct rsection *s, const cJSON *limits);
void rs_breaches(struct rbuild *b, struct rsection *s, const cJSON *limits);
void rs_maturing(struct rbuild *b, struct rsection *s, const cJSON *maturing);
void rs_new_loans(struct rbuild *b, struct rsection *s, const cJSON *debt_end);
/* The liability benchmark table (a row a year: existing debt by kind, the plan's lines) and its
 * chart from a liability-benchmark document; `taken_by` ends "of the loans taken by ..." in the
 * note ("the quarter end"). */
void rs_liability_benchmark(struct rbuild *b, struct rsection *s, const cJSON *lb, const char *taken_by);

#endif
