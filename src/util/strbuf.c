/* strbuf.c: the growable string buffer (see strbuf.h). */
#include "util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

void strbuf_grow(struct strbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;
    if (need <= sb->alloc)
        return;
    size_t alloc = sb->alloc ? sb->alloc : 64;
    while (alloc < need)
        alloc *= 2;
    sb->buf = xrealloc(sb->buf, alloc);
    sb->alloc = alloc;
    sb->buf[sb->len] = '\0';
}

void strbuf_append(struct strbuf *sb, const void *data, size_t n)
{
    strbuf_grow(sb, n);
    memcpy(sb->buf + sb->len, data, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void strbuf_append_str(struct strbuf *sb, const char *s)
{
    strbuf_append(sb, s, strlen(s));
}

void strbuf_vappendf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    strbuf_grow(sb, 0); /* so that the first try has somewhere to write */
    int n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
    if (n < 0) {
        sb->buf[sb->len] = '\0'; /* a bad format: nothing appended */
    } else {
        if ((size_t)n >= sb->alloc - sb->len) { /* it did not fit: grow and format again */
            strbuf_grow(sb, (size_t)n);
            vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, again);
        }
        sb->len += (size_t)n;
    }
    va_end(again);
}

void strbuf_appendf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vappendf(sb, fmt, ap);
    va_end(ap);
}

void strbuf_reset(struct strbuf *sb)
{
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = '\0';
}

char *strbuf_steal(struct strbuf *sb)
{
    char *s = sb->buf ? sb->buf : xstrdup("");
    *sb = (struct strbuf)STRBUF_INIT;
    return s;
}

void strbuf_free(struct strbuf *sb)
{
    free(sb->buf);
    *sb = (struct strbuf)STRBUF_INIT;
}
