/* parse.h: the feed payload parsers, one per format, pure (no I/O: bytes in, rows out), so every
 * quirk is unit-tested with inline payloads (tests/unit/test_feed_parse.c).
 *
 * Formats:
 *   boe-iadb-csv         the Bank of England database CSV (CSVF=TN): a header DATE,CODE1,CODE2...
 *                        then rows "02 Jan 2026,3.75,3.7293"
 *   govuk-bank-holidays  https://www.gov.uk/bank-holidays.json: {"england-and-wales": {"division",
 *                        "events": [{"title", "date", "notes", "bunting"}]}, "scotland": ...,
 *                        "northern-ireland": ...}
 *   csv                  a generic file the team saves by hand: a header "date,COLUMN..." (the
 *                        first column is the date, whatever its name) then rows of a date
 *                        (2026-01-02, 02/01/2026 or 02 Jan 2026) and rates; or, for a one-series
 *                        definition, bare "date,value" lines without a header
 * Every parser accepts a UTF-8 byte-order mark, CRLF or LF line ends, blank lines, and cells
 * quoted RFC 4180 style; a missing value is an empty cell or "..", and gives no observation.
 * A payload is refused whole (nothing returned) when it is HTML (recognised by content), empty,
 * truncated (a row with too few cells, a date cut short, a last line without a line end whose last
 * cell is empty or has fewer decimals than that column's latest value above it, JSON cut short;
 * the one cut these rules cannot see is inside the very first value of the last column of a
 * payload without a final line end), when a column the definition names is missing from the header (the error names it),
 * or when any date or value is not one. */
#ifndef PRUDENT_FEED_PARSE_H
#define PRUDENT_FEED_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/feed_rows.h"

enum feed_format { FEED_FORMAT_NONE = 0, FEED_BOE_IADB_CSV, FEED_GOVUK_BANK_HOLIDAYS, FEED_CSV };

/* "boe-iadb-csv" -> FEED_BOE_IADB_CSV ...; FEED_FORMAT_NONE if unknown. */
enum feed_format feed_format_from_name(const char *name);
const char *feed_format_name(enum feed_format f);

/* Parse buf[0..len) (need not be NUL-terminated). cols: the definition's series (for
 * govuk-bank-holidays the divisions to take; none means england-and-wales). Returns 0 with the
 * rows in *out (observations sorted by series then date), or -1 with nothing in *out but the
 * reason in out->error. *out must be zeroed or freed before the call. */
int feed_parse(enum feed_format fmt, const char *buf, size_t len, const struct feed_column *cols,
               int ncols, struct feed_result *out);
void feed_result_free(struct feed_result *r);

/* True when the bytes look like an HTML page (a doctype, <html, <head, <body or <title near the
 * start), whatever the Content-Type said. */
bool feed_looks_html(const char *buf, size_t len);

/* "02 Jan 2026" (day 1-2 digits, English month abbreviation in any case, 4-digit year). */
bool feed_parse_dmy_mon(const char *s, date_t *out);

#endif
