/* records.h: reading an import file (CSV or JSON) as records of named fields, and the field
 * validators every import kind shares, so one validator serves both formats.
 *
 * A kind declares its fields (struct field_def) and calls records_read. The file is CSV (UTF-8,
 * header row, RFC 4180 quoting through Debian's libcsv; a UTF-8 BOM and CRLF line ends are
 * tolerated) unless its first non-blank character is '[', when it is JSON: an array of objects
 * whose keys are the field names (values strings, numbers, true/false or null; a number is taken
 * by its shortest exact decimal text, so write large amounts as strings to keep them exact).
 * Either way each record comes out as one value per declared field (NULL when absent or blank;
 * values are trimmed) with the line it starts on, and for JSON the line of each key.
 *
 * Errors are collected, not stopped at: import_error prints one line per problem,
 *     prudent: FILE:LINE: FIELD "VALUE" REASON
 * and counts it, so a kind validates every row and reports every bad one before deciding.
 * The field_* helpers take a struct row (the record being validated) and, on bad input, report
 * the error themselves, mark the row bad and return false.
 *
 * Example (a kind with fields code, limit):
 *     static const struct field_def fields[] = {{"code", true}, {"limit", false}};
 *     struct import_errors e = {.path = path};
 *     struct records rs;
 *     if (records_read(path, fields, 2, &rs, &e, o->progress) < 0) return EXIT_BAD;
 *     for (int i = 0; i < rs.n; i++) {
 *         struct row w = row_start(&rs, i, &e);
 *         money_t limit;
 *         field_ident(&w, 0, true, "_.&-", 32);
 *         field_money(&w, 1, false, &limit);   // empty: limit untouched, returns true
 *         if (!w.ok) continue;                 // already reported
 *         ...
 *     }
 *     records_check_unique(&rs, 0, &e);
 *     if (e.count) { ...nothing written... }
 *     records_free(&rs);
 * Ownership: records_read fills *out, which owns every string; records_free releases it. */
#ifndef PRUDENT_INGEST_RECORDS_H
#define PRUDENT_INGEST_RECORDS_H

#include <stdbool.h>

#include "core/date.h"
#include "core/money.h"
#include "core/rate.h"

struct field_def {
    const char *name; /* as in the CSV header and the JSON keys */
    bool column;      /* the CSV header must have this column (its values may still be blank) */
};

struct record {
    int line;     /* line of the file the record starts on (1-based) */
    char **value; /* one per field; NULL when absent or blank; trimmed */
    int *lines;   /* JSON: the line of each field's key (0 when absent); NULL for CSV */
};

struct records {
    const char *path; /* as given, for messages */
    bool json;
    const struct field_def *fields;
    int nfields;
    int n;
    struct record *rec;
};

/* The error collector of one import. */
struct import_errors {
    const char *path;
    int count;   /* errors reported so far */
    int printed; /* lines printed (printing stops after IMPORT_ERRORS_SHOWN; counting does not) */
};
#define IMPORT_ERRORS_SHOWN 10000

/* Report "FILE:LINE: FIELD "VALUE" REASON" (field NULL: "FILE:LINE: REASON"; line 0: "FILE:
 * REASON"). Counts it. */
void import_error(struct import_errors *e, int line, const char *field, const char *value,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* If errors were found: print the closing line ("FILE: N errors: nothing was imported") and
 * return true. */
bool import_errors_close(struct import_errors *e, const char *kind);

/* The largest import file read (bigger ones are refused whole with "the file is larger than
 * 256 MiB: split it into smaller files"); about two million deal rows. */
#define RECORDS_MAX_BYTES (256 * 1024 * 1024)

/* Read the whole file. Returns 0 (problems with single records, such as a wrong number of CSV
 * fields or an unknown JSON key, may have been reported into e: check e->count), or -1 when the
 * file cannot be read or parsed at all, or its CSV header is wrong (reported); then *out holds
 * no records and needs no records_free. */
int records_read(const char *path, const struct field_def *fields, int nfields, struct records *out,
                 struct import_errors *e, bool progress);
void records_free(struct records *rs);

/* Report every record whose field f repeats an earlier record's value ("... appears more than
 * once (first on line N)"). Blank values are not compared. Returns the number reported. */
int records_check_unique(const struct records *rs, int f, struct import_errors *e);

/* The record being validated. */
struct row {
    const struct records *rs;
    const struct record *rec;
    struct import_errors *e;
    bool ok; /* false once any field of the row was reported */
};
struct row row_start(const struct records *rs, int i, struct import_errors *e);
/* The field's value ("" when blank), its line, and whether it is blank. */
const char *row_value(const struct row *w, int f);
int row_line(const struct row *w, int f);
bool row_blank(const struct row *w, int f);
/* Report a problem with field f (its value is quoted in the message); marks the row bad. */
void row_fail(struct row *w, int f, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Validators: on a blank field they report "is required" when required, otherwise leave *out
 * untouched and return true. On bad input they report why and return false. */
bool field_required(struct row *w, int f);
/* An identifier: a letter or digit, then up to maxlen-1 of letters, digits and `extra`. */
bool field_ident(struct row *w, int f, bool required, const char *extra, int maxlen);
bool field_text(struct row *w, int f, bool required, int maxlen, const char **out);
/* Amounts in any of the four forms (5000000, 5000000.00, 5,000,000.00, £5,000,000); positive
 * requires > 0. */
bool field_money(struct row *w, int f, bool required, bool positive, money_t *out);
bool field_rate(struct row *w, int f, bool required, rate_t *out);
/* 2018-03-31 or 31/03/2018. */
bool field_date(struct row *w, int f, bool required, date_t *out);
bool field_int(struct row *w, int f, bool required, int min, int max, int *out);
/* One of names[0..n-1], ignoring case; *out is its index. The message lists the names. */
bool field_choice(struct row *w, int f, bool required, const char *const *names, int n, int *out);
/* The field must be blank (e.g. a maturity date for a call account). */
bool field_blank(struct row *w, int f, const char *why);

/* A progress line on stderr, rewritten in place; only when on (stderr is a terminal).
 * progress_end clears it. */
void progress_line(bool on, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void progress_end(bool on);

#endif
