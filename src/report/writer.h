/* writer.h: the report writers, one file each (write_md.c, write_html.c, write_csv.c,
 * write_xlsx.c, write_json.c, write_pdf.c), and writing a report to a path safely (output.c).
 *
 * Stream writers return 0, or -1 when writing failed (the caller reports it). They never close
 * the stream. Nothing returned needs freeing unless said. */
#ifndef PRUDENT_REPORT_WRITER_H
#define PRUDENT_REPORT_WRITER_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "report/model.h"

enum report_format { RF_MD, RF_HTML, RF_CSV, RF_XLSX, RF_JSON, RF_PDF, RF_COUNT };

/* "md", "markdown", "html", "csv", "xlsx", "json", "pdf"; false when unknown. */
bool report_format_parse(const char *s, enum report_format *out);
const char *report_format_name(enum report_format f);

int report_write_md(const struct report *r, FILE *f);
int report_write_html(const struct report *r, FILE *f);
/* The same with extra_css (may be NULL) after the built-in style sheet: the PDF's print rules. */
int report_write_html_styled(const struct report *r, FILE *f, const char *extra_css);
int report_write_json(const struct report *r, FILE *f);
/* The whole report as one new cJSON document (caller owns it). */
cJSON *report_to_json(const struct report *r);
/* The sectioned single CSV file (docs/reports.md describes it). */
int report_write_csv(const struct report *r, FILE *f);
/* One table as a CSV file: header row of column titles, then the rows. */
int report_write_csv_table(const struct rtable *t, FILE *f);
/* The key figures of every section as one CSV table: section,figure,value. */
int report_write_csv_figures(const struct report *r, FILE *f);
/* Write a CSV text field with RFC 4180 quoting when needed, and a single quote before text a
 * spreadsheet would run as a formula (write_csv.c). */
void csv_field(FILE *f, const char *s);
/* An xlsx workbook at path (libxlsxwriter writes files, not streams). Returns 0 or -1 after
 * printing why. */
int report_write_xlsx(const struct report *r, const char *path);
/* A PDF at path (write_pdf.c): the HTML report written to a temporary file and rendered by
 * WeasyPrint (PRUDENT_PDF_RENDERER names another program taking the same arguments) as a tagged
 * PDF/UA-1 file on A4. The renderer is run directly (no shell). Returns 0 or -1 after printing
 * why (the renderer missing, failing, or leaving no PDF). */
int report_write_pdf(const struct report *r, const char *path);

/* Write the report in format fmt to path, atomically: into a temporary file beside it, renamed
 * over path only when complete, so a failure never leaves a partial file. path NULL or "-"
 * writes to stdout (not for xlsx or pdf). For csv, a path that is a directory (or ends in '/') gets one
 * file per table, ID.csv, plus figures.csv. Returns EXIT_OK, EXIT_BAD (the path cannot be
 * written: missing directory, no permission) or EXIT_DEP (a write failed midway), after printing
 * why. */
int report_output(const struct report *r, enum report_format fmt, const char *path);
/* Check before building that path can be written (its directory exists and is writable).
 * Returns EXIT_OK or EXIT_BAD after printing why. */
int report_output_check(enum report_format fmt, const char *path);

#endif
