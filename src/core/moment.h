/* moment.h: checking a moment written in ISO 8601 (--as-known-at, as_known_at): the CLI and the
 * API accept only this form, so that "yesterday" or "14/11" never silently mean something else.
 * Pure: no allocation, nothing owned. */
#ifndef PRUDENT_CORE_MOMENT_H
#define PRUDENT_CORE_MOMENT_H

#include <stdbool.h>

/* Whether s is YYYY-MM-DD, optionally followed by 'T' (or one space) and HH:MM, HH:MM:SS or
 * HH:MM:SS.fraction, optionally followed by 'Z' or an offset +HH, +HH:MM, +HHMM (or -). A date
 * alone means its midnight. Without an offset the database's time zone applies. When false, *why
 * (if why is not NULL) says what is wrong, as a static string. */
bool moment_iso_valid(const char *s, const char **why);

#endif
