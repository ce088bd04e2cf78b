/* copy.c: COPY FROM STDIN in text format, with the escaping that format needs (see copy.h). */
#include "store/copy.h"

#include <stdbool.h>
#include <string.h>

#include "util/err.h"

/* Sent when this much is queued: small enough that PostgreSQL parses one chunk while the caller
 * prepares the next, large enough to cost few system calls. */
#define COPY_CHUNK (64 * 1024)

int copy_begin(struct copy_buf *b, PGconn *c, const char *what, const char *sql)
{
    *b = (struct copy_buf){.c = c, .what = what};
    PGresult *r = PQexecParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COPY_IN) {
        const char *m = PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r) : PQerrorMessage(c);
        error("%s: %.*s", what, (int)strcspn(m, "\n"), m);
        PQclear(r);
        return -1;
    }
    PQclear(r);
    strbuf_grow(&b->out, COPY_CHUNK + 4096);
    return 0;
}

static int flush(struct copy_buf *b)
{
    if (b->out.len && PQputCopyData(b->c, b->out.buf, (int)b->out.len) != 1) {
        b->failed = 1;
        const char *m = PQerrorMessage(b->c);
        return error("%s: %.*s", b->what, (int)strcspn(m, "\n"), m);
    }
    strbuf_reset(&b->out);
    return 0;
}

static void put(struct copy_buf *b, char ch)
{
    strbuf_append_char(&b->out, ch);
}

int copy_row(struct copy_buf *b, int n, const char *const *vals)
{
    if (b->failed)
        return -1;
    for (int i = 0; i < n; i++) {
        if (i)
            put(b, '\t');
        if (!vals[i]) {
            put(b, '\\');
            put(b, 'N');
            continue;
        }
        for (const char *p = vals[i]; *p; p++) {
            switch (*p) {
            case '\\': put(b, '\\'); put(b, '\\'); break;
            case '\t': put(b, '\\'); put(b, 't'); break;
            case '\n': put(b, '\\'); put(b, 'n'); break;
            case '\r': put(b, '\\'); put(b, 'r'); break;
            default: put(b, *p);
            }
        }
    }
    put(b, '\n');
    return b->out.len >= COPY_CHUNK ? flush(b) : 0;
}

int copy_raw(struct copy_buf *b, const char *data, size_t len)
{
    if (b->failed)
        return -1;
    strbuf_append(&b->out, data, len);
    return b->out.len >= COPY_CHUNK ? flush(b) : 0;
}

/* Send what is left and finish; say why it failed unless quiet. */
static int end(struct copy_buf *b, bool quiet)
{
    int rc = b->failed ? -1 : flush(b);
    if (PQputCopyEnd(b->c, rc < 0 ? "import aborted" : NULL) != 1 && rc == 0)
        rc = quiet ? -1 : error("%s: %s", b->what, PQerrorMessage(b->c));
    PGresult *r;
    while ((r = PQgetResult(b->c)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0) {
            const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
            rc = quiet ? -1 : error("%s: %s", b->what, m ? m : PQerrorMessage(b->c));
        }
        PQclear(r);
    }
    strbuf_free(&b->out);
    return rc;
}

int copy_end(struct copy_buf *b)
{
    return end(b, false);
}

int copy_end_quiet(struct copy_buf *b)
{
    return end(b, true);
}

int copy_cancel(struct copy_buf *b)
{
    b->failed = 1;
    return end(b, true);
}
