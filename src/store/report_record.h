/* report_record.h: the reports made for committee, recorded (sql/210_report_records.sql) so that
 * `prudent report reproduce ID` can make them again as known at the moment they were made and
 * show they are the same (docs/reports.md "Recorded reports"). */
#ifndef PRUDENT_STORE_REPORT_RECORD_H
#define PRUDENT_STORE_REPORT_RECORD_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

#define REPORT_SHA256_HEX 65 /* 64 hex digits and the NUL */

struct report_record {
    int64_t id;
    int64_t authority_id;
    char authority[24];       /* its code */
    char kind[33];            /* pi, portfolio, outturn, quarterly */
    char format[8];           /* md, html, csv, xlsx, json, pdf */
    date_t as_of, from, to;   /* the arguments, resolved (DATE_NONE when not given) */
    char quarter[8];          /* "2017-Q4", or "" */
    char made_at[40];         /* the as-known-at moment, ISO 8601 UTC with microseconds */
    char sha256[REPORT_SHA256_HEX];
    int64_t size;
};

/* The SHA-256 of n bytes as 64 lower-case hex digits into out. */
void report_sha256_hex(const unsigned char *bytes, size_t n, char out[REPORT_SHA256_HEX]);

/* The moment `at` (ISO 8601, checked already; NULL: the database's clock now) as ISO 8601 UTC
 * with microseconds ("2026-12-06T07:30:00.123456Z") into buf (n >= 40): the moment a recorded
 * report is made as known at, in the one form both the record and its reproduction use.
 * Returns 0, or -1 after printing why. */
int report_record_moment(PGconn *c, const char *at, char *buf, size_t n);

/* Record a report made: rec's authority_id, kind, format, arguments and made_at, and its n
 * bytes (kept; their SHA-256 is computed here into rec->sha256, rec->size set), with an audit
 * row by `actor` (action "record", the hash in its after). One transaction. rec->id is set.
 * Returns 0, or -1 after printing why. */
int report_record_add(PGconn *c, const char *actor, struct report_record *rec, const unsigned char *bytes,
                      size_t n);

/* The record `id` into *out. Returns 0; 1 when there is none (printed); -1 on a database failure
 * (printed). */
int report_record_get(PGconn *c, int64_t id, struct report_record *out);

/* The records of an authority, oldest first, as a JSON array the caller owns (cJSON_Delete) of
 * {"id", "kind", "format", "arguments", "made_at", "sha256", "size", "entered_by"}, or NULL
 * after printing why. */
cJSON *report_records_json(PGconn *c, int64_t authority_id);

#endif
