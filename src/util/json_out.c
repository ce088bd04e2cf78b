/* json_out.c: JSON values written into a strbuf as cJSON prints them (see json_out.h). */
#include "util/json_out.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Whether cJSON escapes byte c inside a string. */
static bool needs_escape(unsigned char c)
{
    return c < 32 || c == '"' || c == '\\';
}

/* How many of the n bytes at s come before the first one cJSON escapes: eight bytes at a time
 * (a byte below 0x20, or equal to '"' or '\\', sets the high bit of its byte in the tests
 * below, as in "Bit Twiddling Hacks", hasless/haszero), then byte by byte. */
static size_t plain_prefix(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;
#if defined(__SSE2__)
    /* sixteen bytes at a time where SSE2 is there (every x86-64): a byte <= 31 (unsigned: the
     * minimum of it and 31 is itself), '"' or '\\' sets its bit of the mask; the first set bit
     * is the first byte to escape */
    const __m128i c31 = _mm_set1_epi8(31), dq = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
    for (; i + 16 <= n; i += 16) {
        __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(w, c31), w),
                                   _mm_or_si128(_mm_cmpeq_epi8(w, dq), _mm_cmpeq_epi8(w, bs)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w, q, b;
        memcpy(&w, s + i, 8);
        q = w ^ (ones * '"');
        b = w ^ (ones * '\\');
        if (((w - ones * 0x20) & ~w & highs) | ((q - ones) & ~q & highs) | ((b - ones) & ~b & highs))
            break;
    }
    while (i < n && !needs_escape((unsigned char)s[i]))
        i++;
    return i;
}

/* Append the n bytes at s, which need no escaping, between quotes. */
static void quoted(struct strbuf *sb, const char *s, size_t n)
{
    if (sb->len + n + 3 > sb->alloc)
        strbuf_grow(sb, n + 2);
    char *p = sb->buf + sb->len;
    *p++ = '"';
    memcpy(p, s, n);
    p[n] = '"';
    p[n + 1] = '\0';
    sb->len += n + 2;
}

/* Append the escaped text of s (from its first byte that needs escaping on). */
static void escaped(struct strbuf *sb, const char *s)
{
    const char *run = s; /* the bytes since the last escape, appended in one go */
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!needs_escape(c))
            continue;
        strbuf_append(sb, run, (size_t)(p - run));
        run = p + 1;
        switch (c) {
        case '"': strbuf_append(sb, "\\\"", 2); break;
        case '\\': strbuf_append(sb, "\\\\", 2); break;
        case '\b': strbuf_append(sb, "\\b", 2); break;
        case '\f': strbuf_append(sb, "\\f", 2); break;
        case '\n': strbuf_append(sb, "\\n", 2); break;
        case '\r': strbuf_append(sb, "\\r", 2); break;
        case '\t': strbuf_append(sb, "\\t", 2); break;
        default: strbuf_appendf(sb, "\\u%04x", c); break;
        }
    }
    strbuf_append_str(sb, run);
}

void json_out_string(struct strbuf *sb, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s), plain = plain_prefix(s, n);
    if (plain == n) { /* the usual case: nothing to escape */
        quoted(sb, s, n);
        return;
    }
    strbuf_append_char(sb, '"');
    strbuf_append(sb, s, plain);
    escaped(sb, s + plain);
    strbuf_append_char(sb, '"');
}

void json_out_int(struct strbuf *sb, int n)
{
    char buf[16];
    unsigned u = n < 0 ? 0u - (unsigned)n : (unsigned)n;
    char *p = buf + sizeof buf;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (n < 0)
        *--p = '-';
    strbuf_append(sb, p, (size_t)(buf + sizeof buf - p));
}

void json_out_bool(struct strbuf *sb, bool b)
{
    if (b)
        json_out_bytes(sb, "true", 4);
    else
        json_out_bytes(sb, "false", 5);
}

void json_out_null(struct strbuf *sb)
{
    json_out_bytes(sb, "null", 4);
}

/* "00" to "99": the two digits of n at digit_pairs + 2 * n. */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                  "8081828384858687888990919293949596979899";

/* Money straight into the buffer, the same bytes as money_format(m, MONEY_PLAIN) between quotes:
 * the text is built backwards from the closing quote in a local buffer (pence, '.', the pounds'
 * digits two at a time, '-') and copied in one go, with no formatting call, strlen or separate grow. The
 * magnitude is taken as unsigned so INT64_MIN formats as money_format formats it. */
void json_out_money(struct strbuf *sb, money_t m)
{
    char buf[32]; /* '"', '-', 20 digits, '.', 2 digits, '"' at most */
    char *end = buf + sizeof buf, *p = end;
    uint64_t mag = m < 0 ? (uint64_t)(-(m + 1)) + 1 : (uint64_t)m;
    uint64_t pounds = mag / 100;
    unsigned pence = (unsigned)(mag % 100);
    *--p = '"';
    p -= 2;
    memcpy(p, digit_pairs + 2 * pence, 2);
    *--p = '.';
    while (pounds >= 100) { /* two digits a division */
        p -= 2;
        memcpy(p, digit_pairs + 2 * (pounds % 100), 2);
        pounds /= 100;
    }
    if (pounds >= 10) {
        p -= 2;
        memcpy(p, digit_pairs + 2 * pounds, 2);
    } else {
        *--p = (char)('0' + pounds);
    }
    if (m < 0)
        *--p = '-';
    *--p = '"';
    json_out_bytes(sb, p, (size_t)(end - p));
}

void json_out_date(struct strbuf *sb, date_t d)
{
    char buf[DATE_BUFSZ];
    if (d == DATE_NONE) {
        json_out_null(sb);
        return;
    }
    date_format_iso(d, buf);
    quoted(sb, buf, strlen(buf));
}

/* A rate straight into the buffer, the same bytes as rate_format(r, 4) between quotes (its
 * arithmetic: millionths of a percent rounded half up to hundredths of a basis point, "-" only
 * when something is left), built backwards as json_out_money is: rate_format's snprintf was
 * about 1,500 instructions a holding (docs/performance.md). */
void json_out_rate(struct strbuf *sb, rate_t r)
{
    char buf[RATE_BUFSZ + 2];
    char *end = buf + sizeof buf, *p = end;
    int64_t mag = r < 0 ? -r : r;
    int64_t q = mag / 100, rem = mag % 100;
    if (rem * 2 >= 100)
        q++;
    uint64_t whole = (uint64_t)(q / 10000);
    unsigned frac = (unsigned)(q % 10000);
    *--p = '"';
    p -= 4;
    memcpy(p, digit_pairs + 2 * (frac / 100), 2);
    memcpy(p + 2, digit_pairs + 2 * (frac % 100), 2);
    *--p = '.';
    do {
        *--p = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    if (r < 0 && q != 0)
        *--p = '-';
    *--p = '"';
    json_out_bytes(sb, p, (size_t)(end - p));
}
