/* camt053.c: the camt.053 statement reader (see camt053.h), on libxml2's tree API. libxml2 is
 * opened on the first statement read (util/lazylib.h), not at every start of the program. */
#include "ingest/camt053.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lazylib.h"

#define CAMT_ENTRIES_MAX 1000000

/* ---- libxml2, opened on first use ------------------------------------------------------------ */

static struct {
    __typeof__(xmlReadMemory) *read_memory;
    __typeof__(xmlGetLastError) *last_error;
    __typeof__(xmlDocGetRootElement) *root;
    __typeof__(xmlFreeDoc) *free_doc;
    __typeof__(xmlGetLineNo) *line_no;
    __typeof__(xmlNodeGetContent) *content;
    xmlFreeFunc *free; /* the library's variable xmlFree: its deallocator */
} X;

static const struct lazy_sym xml_syms[] = {
    {"xmlReadMemory", (void **)&X.read_memory}, {"xmlGetLastError", (void **)&X.last_error},
    {"xmlDocGetRootElement", (void **)&X.root}, {"xmlFreeDoc", (void **)&X.free_doc},
    {"xmlGetLineNo", (void **)&X.line_no},      {"xmlNodeGetContent", (void **)&X.content},
    {"xmlFree", (void **)&X.free},
};

static struct lazylib libxml2 = {"libxml2.so.2", "reading a camt.053 statement", xml_syms,
                                 (int)(sizeof xml_syms / sizeof xml_syms[0]), 0, ""};

/* ---- small tree helpers ----------------------------------------------------------------------- */

static bool named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first element child of n called name, or NULL. */
static xmlNode *child(const xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    for (xmlNode *k = n->children; k; k = k->next)
        if (named(k, name))
            return k;
    return NULL;
}

/* Follow a path of child names ("Tp/CdOrPrtry/Cd"), or NULL. */
static xmlNode *path(const xmlNode *n, const char *p)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", p);
    xmlNode *at = (xmlNode *)n;
    for (char *save = NULL, *part = strtok_r(buf, "/", &save); part && at; part = strtok_r(NULL, "/", &save))
        at = child(at, part);
    return at;
}

/* The first element anywhere below n called name (depth first), or NULL. */
static xmlNode *find(const xmlNode *n, const char *name, int depth)
{
    if (!n || depth > 32)
        return NULL;
    for (xmlNode *k = n->children; k; k = k->next) {
        if (named(k, name))
            return k;
        xmlNode *f = find(k, name, depth + 1);
        if (f)
            return f;
    }
    return NULL;
}

/* n's text, trimmed, into out (cap bytes; truncated). "" for NULL. */
static void text(const xmlNode *n, char *out, size_t cap)
{
    out[0] = '\0';
    if (!n)
        return;
    xmlChar *t = X.content(n);
    if (!t)
        return;
    const char *s = (const char *)t;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    snprintf(out, cap, "%s", s);
    size_t len = strlen(out);
    while (len && (out[len - 1] == ' ' || out[len - 1] == '\t' || out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    (*X.free)(t);
}

struct parse {
    char *why;
    size_t whylen;
    int *line;
};

static int failf(struct parse *p, const xmlNode *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int failf(struct parse *p, const xmlNode *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->why, p->whylen, fmt, ap);
    va_end(ap);
    long l = at ? X.line_no(at) : 0;
    *p->line = l > 0 && l < INT_MAX ? (int)l : 0;
    return -1;
}

/* ---- the fields ----------------------------------------------------------------------------------- */

/* An Amt with its sibling CdtDbtInd under n: signed pence. */
static int amount(struct parse *p, const xmlNode *n, money_t *out)
{
    char a[64], ind[16];
    xmlNode *amt = child(n, "Amt");
    text(amt, a, sizeof a);
    text(child(n, "CdtDbtInd"), ind, sizeof ind);
    const char *why = NULL;
    money_t m;
    if (!amt)
        return failf(p, n, "%s has no Amt", (const char *)n->name);
    if (!money_parse(a, &m, &why) || m < 0 || strchr(a, ',') || strchr(a, '\xc2'))
        return failf(p, amt, "Amt \"%s\" is not an amount (%s)", a, why ? why : "negative or grouped");
    if (strcmp(ind, "CRDT") != 0 && strcmp(ind, "DBIT") != 0)
        return failf(p, n, "CdtDbtInd \"%s\" is neither CRDT nor DBIT", ind);
    *out = strcmp(ind, "DBIT") == 0 ? -m : m;
    return 0;
}

/* A date element (BookgDt, ValDt, Dt) holding Dt or DtTm; only the date part is used. */
static int date_of(struct parse *p, const xmlNode *n, const char *what, date_t *out)
{
    xmlNode *d = child(n, "Dt");
    if (!d)
        d = child(n, "DtTm");
    char s[64];
    text(d, s, sizeof s);
    if (strlen(s) > 10 && s[10] == 'T')
        s[10] = '\0';
    const char *why = NULL;
    if (!n)
        return failf(p, NULL, "%s is missing", what);
    if (!d || !date_parse(s, out, &why) || strchr(s, '/'))
        return failf(p, d ? d : n, "%s \"%s\" is not a date (YYYY-MM-DD)", what, s);
    return 0;
}

static int balance(struct parse *p, struct camt_statement *s, const xmlNode *bal)
{
    char code[16];
    text(path(bal, "Tp/CdOrPrtry/Cd"), code, sizeof code);
    bool open = strcmp(code, "OPBD") == 0, close = strcmp(code, "CLBD") == 0;
    if (!open && !close)
        return 0; /* other balances (available, interim) are not needed */
    if ((open && s->has_opening) || (close && s->has_closing))
        return failf(p, bal, "a second %s balance", code);
    money_t m;
    date_t d;
    if (amount(p, bal, &m) < 0 || date_of(p, child(bal, "Dt"), "Bal/Dt", &d) < 0)
        return -1;
    long l = X.line_no(bal);
    if (open) {
        s->has_opening = true, s->opening = m, s->opening_date = d, s->opening_line = (int)(l > 0 && l < INT_MAX ? l : 0);
    } else {
        s->has_closing = true, s->closing = m, s->closing_date = d, s->closing_line = (int)(l > 0 && l < INT_MAX ? l : 0);
    }
    return 0;
}

static int entry(struct parse *p, const xmlNode *n, struct camt_entry *e)
{
    long l = X.line_no(n);
    e->line = l > 0 && l < INT_MAX ? (int)l : 0;
    char sts[16];
    xmlNode *st = child(n, "Sts");
    text(child(st, "Cd") ? child(st, "Cd") : st, sts, sizeof sts);
    if (st && strcmp(sts, "BOOK") != 0)
        return failf(p, st, "Sts \"%s\": a statement holds booked entries (BOOK) only", sts);
    if (amount(p, n, &e->amount) < 0)
        return -1;
    xmlNode *b = child(n, "BookgDt");
    if (!b)
        return failf(p, n, "Ntry has no BookgDt");
    if (date_of(p, b, "BookgDt", &e->booking) < 0)
        return -1;
    e->value = DATE_NONE;
    xmlNode *v = child(n, "ValDt");
    if (v && date_of(p, v, "ValDt", &e->value) < 0)
        return -1;
    text(child(n, "AcctSvcrRef"), e->reference, sizeof e->reference);
    if (!e->reference[0])
        text(child(n, "NtryRef"), e->reference, sizeof e->reference);
    if (!e->reference[0])
        text(find(n, "EndToEndId", 0), e->reference, sizeof e->reference);
    text(find(n, "Ustrd", 0), e->description, sizeof e->description);
    if (!e->description[0])
        text(child(n, "AddtlNtryInf"), e->description, sizeof e->description);
    return 0;
}

static int statement(struct parse *p, const xmlNode *stmt, struct camt_statement *s)
{
    text(child(stmt, "Id"), s->id, sizeof s->id);
    xmlNode *id = path(stmt, "Acct/Id");
    text(child(id, "IBAN") ? child(id, "IBAN") : path(id, "Othr/Id"), s->account, sizeof s->account);
    int cap = 0;
    for (xmlNode *k = stmt->children; k; k = k->next) {
        if (named(k, "Bal") && balance(p, s, k) < 0)
            return -1;
        if (!named(k, "Ntry"))
            continue;
        if (s->n == CAMT_ENTRIES_MAX)
            return failf(p, k, "more than %d entries", CAMT_ENTRIES_MAX);
        if (s->n == cap) {
            cap = cap ? cap * 2 : 32;
            struct camt_entry *e = realloc(s->e, (size_t)cap * sizeof *e);
            if (!e)
                return failf(p, k, "out of memory");
            s->e = e;
        }
        memset(&s->e[s->n], 0, sizeof s->e[s->n]);
        if (entry(p, k, &s->e[s->n]) < 0)
            return -1;
        s->n++;
    }
    if (!s->has_opening)
        return failf(p, stmt, "Stmt has no opening booked balance (Bal with Cd OPBD)");
    if (!s->has_closing)
        return failf(p, stmt, "Stmt has no closing booked balance (Bal with Cd CLBD)");
    return 0;
}

int camt053_parse(const char *buf, size_t len, struct camt_statement *out, char *why, size_t whylen, int *line)
{
    memset(out, 0, sizeof *out);
    *line = 0;
    struct parse p = {why, whylen, line};
    if (len > INT_MAX)
        return failf(&p, NULL, "the file is too large");
    if (lazylib_load(&libxml2) < 0)
        return failf(&p, NULL, "%s", libxml2.why);
    xmlDoc *doc = X.read_memory(buf, (int)len, "statement.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = X.last_error();
        snprintf(why, whylen, "not well-formed XML: %s", e && e->message ? e->message : "unreadable");
        size_t l = strlen(why);
        while (l && why[l - 1] == '\n')
            why[--l] = '\0';
        *line = e && e->line > 0 ? e->line : 0;
        return -1;
    }
    int rc = 0;
    xmlNode *root = X.root(doc);
    xmlNode *bk = named(root, "Document") ? child(root, "BkToCstmrStmt") : NULL;
    if (!bk) {
        rc = failf(&p, root, "not a camt.053 statement (no Document/BkToCstmrStmt)");
    } else {
        xmlNode *stmt = child(bk, "Stmt");
        int nstmt = 0;
        for (xmlNode *k = bk->children; k; k = k->next)
            nstmt += named(k, "Stmt");
        if (nstmt != 1)
            rc = failf(&p, bk, "%d statements (Stmt): import a file of one statement", nstmt);
        else
            rc = statement(&p, stmt, out);
    }
    X.free_doc(doc);
    if (rc < 0)
        camt053_free(out);
    return rc;
}

void camt053_free(struct camt_statement *s)
{
    free(s->e);
    s->e = NULL;
    s->n = 0;
}
