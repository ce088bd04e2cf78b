/* err.h: error reporting and the exit codes of bin/prudent.
 *
 * Messages go to stderr as "prudent: what failed: why", lower case, no full stop, followed by
 * optional indented detail lines. Only main() exits; everything else returns a status. */
#ifndef PRUDENT_UTIL_ERR_H
#define PRUDENT_UTIL_ERR_H

enum {
    EXIT_OK = 0,  /* success */
    EXIT_NO = 1,  /* the operation ran and its answer is "no" (refused check, breach found) */
    EXIT_BAD = 2, /* bad usage or bad input; nothing was written */
    EXIT_DEP = 3, /* a dependency failed: database, network */
};

/* Print "prudent: <message>" and return -1, so callers write `return error(...)`. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "prudent: <message>" and return code (one of EXIT_*). */
int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print an indented detail line under the last error. */
void detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "prudent: warning: <message>". */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Memory: abort with a message when allocation fails (there is no useful recovery). */
void *xmalloc(unsigned long n);
void *xcalloc(unsigned long n, unsigned long size);
void *xrealloc(void *p, unsigned long n);
char *xstrdup(const char *s);

#endif
