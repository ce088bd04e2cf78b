/* rating.h: credit rating scales of Fitch, Moody's and S&P mapped onto one notch scale.
 *
 * Long term: AAA/Aaa = 1, AA+/Aa1 = 2, AA/Aa2 = 3, AA-/Aa3 = 4, A+/A1 = 5 ... BBB-/Baa3 = 10 ...
 * CCC-/Caa3 = 19, CC/Ca = 20, C = 21, RD/SD = 22, D = 23. Short term: F1+/A-1+/P-1 = 1,
 * F1/A-1 = 2, F2/A-2/P-2 = 3, F3/A-3/P-3 = 4, B/NP = 5, C = 6, RD/SD/R = 7, D = 8.
 * A lower notch is a better rating. Pure functions, no I/O. */
#ifndef PRUDENT_CORE_RATING_H
#define PRUDENT_CORE_RATING_H

#include <stdbool.h>
#include <stddef.h>

enum agency { AGENCY_FITCH, AGENCY_MOODYS, AGENCY_SP, AGENCY_COUNT };
enum rating_term { TERM_LONG, TERM_SHORT };

#define NOTCH_LONG_WORST 23
#define NOTCH_SHORT_WORST 8
#define NOTCH_INVESTMENT_GRADE 10 /* BBB-/Baa3 */

const char *agency_name(enum agency a); /* "fitch", "moodys", "sp" */
bool agency_parse(const char *s, enum agency *out);
const char *term_name(enum rating_term t); /* "long", "short" */
bool term_parse(const char *s, enum rating_term *out);

/* The notch of a rating in one agency's own scale, or 0 when the text is not in that scale. */
int rating_notch(enum agency a, enum rating_term t, const char *text);
/* A long-term rating written in any agency's symbols ("AA-" or "Aa3"), as strategies give
 * thresholds; 0 when unknown. */
int rating_long_notch_any(const char *text);
/* The Fitch/S&P-style symbol of a long-term notch ("AA-"), or "?" out of range. */
const char *rating_long_symbol(int notch);
/* The Fitch-style symbol of a short-term notch ("F1+"), or "?". */
const char *rating_short_symbol(int notch);
/* The valid symbols of one agency's scale, comma separated, into buf (for error messages). */
void rating_valid_list(enum agency a, enum rating_term t, char *buf, size_t n);

#endif
