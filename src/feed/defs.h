/* defs.h: feed definitions, the JSON files in the feeds folder (docs/feeds.md).
 *
 *   {"name": "boe", "url": "https://...", "format": "boe-iadb-csv",
 *    "series": {"IUDBEDR": "bank_rate", "IUDSOIA": "sonia"},
 *    "every": "1d", "stale": "7d", "timeout": 60, "max_bytes": 16777216}
 * name: 1-40 of a-z, 0-9, '_' and '-', unique. url: anything libcurl takes (https://, http://,
 * file://); "${VAR}" is replaced by the environment variable VAR, and ${PRUDENT_HOME} by prudent's
 * home even when unset (store/cluster.h). format: boe-iadb-csv, govuk-bank-holidays or csv.
 * series: source column (GOV.UK: division) -> series name; required but for govuk-bank-holidays
 * (default england-and-wales). every: the polling interval, a whole number and a unit, s, m, h, d
 * or w ("90s", "30m", "6h", "1d", "1w"; also "6 hours", "daily", "PT6H", or a number of seconds;
 * default 1d). stale: a series whose latest observation is older than this (in whole days, rounded
 * up) raises feed.stale; default the interval plus 4 days, null for never (holiday feeds: never).
 * timeout (optional, seconds): the whole fetch (default 30, or PRUDENT_FEED_TIMEOUT). max_bytes
 * (optional): the size cap (16 MiB).
 *
 * The folder: $PRUDENT_FEEDS if set; else feeds/ beside the directory holding the binary
 * (/proc/self/exe: bin/../feeds) if it exists; else /usr/local/share/prudent/feeds. */
#ifndef PRUDENT_FEED_DEFS_H
#define PRUDENT_FEED_DEFS_H

#include <limits.h>
#include <stdbool.h>

#include "feed/parse.h"

struct feed_def {
    char *name, *url, *path; /* path: the definition file */
    enum feed_format format;
    struct feed_column *cols; /* strings owned by the definition */
    int ncols;
    long every;     /* seconds */
    long stale;     /* seconds; 0: no staleness check */
    long timeout;   /* seconds for the whole fetch */
    long max_bytes; /* size cap of an answer */
    char every_text[40], stale_text[40];
};

struct feed_defs {
    struct feed_def *v;
    int n;
    char dir[PATH_MAX];
};

/* Load every *.json in the folder, sorted by file name. Returns 0, or -1 after printing which
 * file is wrong and why (nothing is returned then). Free with feed_defs_free. */
int feed_defs_load(struct feed_defs *out);
void feed_defs_free(struct feed_defs *defs);
const struct feed_def *feed_defs_find(const struct feed_defs *defs, const char *name);
/* The folder definitions are read from, into buf. */
const char *feed_defs_dir(char *buf, size_t n);
/* "6h", "6 hours", "PT6H" -> 21600; "daily" -> 86400; "90" -> 90. false for anything else. */
bool feed_parse_period(const char *s, long *secs);

#endif
