/* fuzz_feed.h: the body shared by the fuzz_feed_*.c targets: feed_parse (feed/parse.c) with a
 * fixed definition's columns, checking that an accepted payload's rows are sane (real dates, and
 * every observation's series one of the definition's). */
#ifndef PRUDENT_FUZZ_FEED_H
#define PRUDENT_FUZZ_FEED_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed/parse.h"

static int fuzz_feed(enum feed_format fmt, const struct feed_column *cols, int ncols,
                     const uint8_t *data, size_t size)
{
    struct feed_result r;
    memset(&r, 0, sizeof r);
    (void)feed_looks_html((const char *)data, size);
    if (feed_parse(fmt, (const char *)data, size, cols, ncols, &r) == 0) {
        for (int i = 0; i < r.nobs; i++) {
            bool known = false;
            for (int c = 0; c < ncols; c++)
                known |= r.obs[i].series == cols[c].series;
            if (!known || r.obs[i].date == DATE_NONE)
                abort();
        }
    }
    feed_result_free(&r);
    return 0;
}

#endif
