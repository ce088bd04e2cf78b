/* err.c: stderr messages and allocation that never returns NULL (see err.h). */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
    char line[4096];
    vsnprintf(line, sizeof line, fmt, ap);
    fprintf(stderr, "%s%s\n", prefix, line);
}

int error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("prudent: ", fmt, ap);
    va_end(ap);
    return -1;
}

int fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("prudent: ", fmt, ap);
    va_end(ap);
    return code;
}

void detail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("  ", fmt, ap);
    va_end(ap);
}

void warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("prudent: warning: ", fmt, ap);
    va_end(ap);
}

static void *oom(void)
{
    fputs("prudent: out of memory\n", stderr);
    abort();
}

void *xmalloc(unsigned long n)
{
    void *p = malloc(n ? n : 1);
    return p ? p : oom();
}

void *xcalloc(unsigned long n, unsigned long size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    return p ? p : oom();
}

void *xrealloc(void *p, unsigned long n)
{
    void *q = realloc(p, n ? n : 1);
    return q ? q : oom();
}

char *xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    return p ? p : oom();
}
