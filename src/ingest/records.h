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

/* An error kept back by a holding collector (see import_errors.hold): its whole line, or, for
 * one reported by record index (import_row_error while streaming), the index, field and
 * message, its line and value found later by records_release. */
struct held_error {
    char *text; /* the line as printed; NULL until resolved for one by index */
    int idx, f;
    char *msg;
};

/* The error collector of one import. */
struct import_errors {
    const char *path;
    int count;   /* errors reported so far */
    int printed; /* lines printed (printing stops after IMPORT_ERRORS_SHOWN; counting does not) */
    /* hold: keep the lines (the first IMPORT_ERRORS_SHOWN; all are counted) for records_release
     * to print after the errors of reading, which a streaming import finds interleaved; quiet:
     * neither count nor print (a second reading of the file). */
    bool hold, quiet;
    struct held_error *held;
    int nheld, heldcap;
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

/* Streaming: read the file record by record, calling fn(arg, rs, rec, idx) for each record (idx
 * counts from 0), then freeing it, so a CSV file of any size is read in bounded memory (a JSON
 * file is parsed whole by cJSON first). fn may keep the values by taking rec->value (and
 * rec->lines), leaving NULL. fn returns 0 to go on, 1 to stop reading quietly, -1 on a failure
 * of its own. *out is filled as records_read does but holds no records (out->rec NULL, out->n
 * 0). The same problems as records_read are reported into e in the same order (the file's,
 * then the header's, then each record's). Returns 0, -1 when the file cannot be read or parsed
 * or its header is wrong (reported), or -2 when fn failed. */
typedef int (*record_fn)(void *arg, const struct records *rs, struct record *rec, int idx);
int records_stream(const char *path, const struct field_def *fields, int nfields, struct records *out,
                   struct import_errors *e, bool progress, record_fn fn, void *arg);

/* Print the errors held in held after those already in e (up to IMPORT_ERRORS_SHOWN in all),
 * first finding the line and value of those reported by record index by reading rs->path
 * again, and add held's count to e's. Frees what held kept. */
void records_release(const struct records *rs, struct import_errors *e, struct import_errors *held);
/* Report msg for field f of record idx: at once when e holds nothing back (rs then holds the
 * records), else kept by index for records_release. */
void records_error_at(const struct records *rs, int idx, int f, struct import_errors *e, const char *msg);
/* Drop what held kept, uncounted (when reading failed: only those errors are shown). */
void records_discard(struct import_errors *held);

/* Report every record whose field f repeats an earlier record's value ("... appears more than
 * once (first on line N)"). Blank values are not compared. Returns the number reported. */
int records_check_unique(const struct records *rs, int f, struct import_errors *e);

/* The record being validated. */
struct row {
    const struct records *rs;
    const struct record *rec;
    struct import_errors *e;
    bool ok; /* false once any field of the row was reported */
    int idx; /* the record's index in the file */
};
struct row row_start(const struct records *rs, int i, struct import_errors *e);
/* The same for a record being streamed (records_stream), idx its index. */
struct row row_of(const struct records *rs, const struct record *rec, int idx, struct import_errors *e);
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
