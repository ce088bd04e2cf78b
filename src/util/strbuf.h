/* strbuf.h: a growable string buffer, the one way prudent builds text of unknown length
 * (metrics pages, notification texts, PostgreSQL array literals, COPY data).
 *
 * Usage: `struct strbuf sb = STRBUF_INIT;`, append to it, then either take the text with
 * strbuf_steal (the caller owns and frees it) or drop it with strbuf_free. After any append,
 * sb.buf holds sb.len bytes followed by a '\0'; before the first append sb.buf may be NULL.
 * The buffer owns sb.buf until it is stolen or freed. Allocation failure aborts (util/err.h). */
#ifndef PRUDENT_UTIL_STRBUF_H
#define PRUDENT_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *buf;    /* owned; NULL until the first append or strbuf_grow */
    size_t len;   /* bytes in use, the '\0' not counted */
    size_t alloc; /* bytes allocated at buf */
};

#define STRBUF_INIT {NULL, 0, 0}

/* Make room for `extra` more bytes and the '\0', so that many appends cost no reallocation. */
void strbuf_grow(struct strbuf *sb, size_t extra);
/* Append n bytes of data (which may hold '\0' bytes). */
void strbuf_append(struct strbuf *sb, const void *data, size_t n);
/* Append a '\0'-terminated string. */
void strbuf_append_str(struct strbuf *sb, const char *s);
/* Append printf-formatted text. */
void strbuf_appendf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same with a va_list, for functions that take a format of their own. */
void strbuf_vappendf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Append one byte: inline, for loops that escape text a character at a time (store/copy.c). */
static inline void strbuf_append_char(struct strbuf *sb, char ch)
{
    if (sb->len + 2 > sb->alloc)
        strbuf_grow(sb, 1);
    sb->buf[sb->len++] = ch;
    sb->buf[sb->len] = '\0';
}

/* Empty the buffer, keeping its memory for what comes next. */
void strbuf_reset(struct strbuf *sb);
/* Take the text: returns it (never NULL, "" when nothing was appended), which the caller owns
 * and frees with free(); the buffer is left empty (STRBUF_INIT) and may be reused. */
char *strbuf_steal(struct strbuf *sb);
/* Free the buffer's memory; it is left empty (STRBUF_INIT) and may be reused. */
void strbuf_free(struct strbuf *sb);

#endif
