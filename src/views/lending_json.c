/* lending_json.c: JSON of the lending list, checks and breaches (see lending_json.h). */
#include "views/lending_json.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/json.h"
#include "util/json_out.h"
#include "util/strbuf.h"

static void add_limit(cJSON *o, const char *key, struct opt_money m)
{
    json_add_money_or_null(o, key, m.unlimited ? NULL : &m.amount);
}

static void add_days(cJSON *o, const char *key, struct opt_days d)
{
    if (d.unbounded)
        cJSON_AddNullToObject(o, key);
    else
        cJSON_AddNumberToObject(o, key, d.days);
}

/* The group codes the counterparties of a list name, sorted: a list of thousands asks of each of
 * them whether it heads a group, so the question is a binary search rather than a scan. */
struct group_heads {
    const char **codes; /* borrowed from the input's counterparties; the array is owned */
    int n;
};

static int by_code(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void heads_build(const struct lending_input *in, struct group_heads *h)
{
    h->codes = xmalloc((unsigned long)(in->ncps > 0 ? in->ncps : 1) * sizeof *h->codes);
    h->n = 0;
    for (int i = 0; i < in->ncps; i++)
        if (in->cps[i].group_code[0])
            h->codes[h->n++] = in->cps[i].group_code;
    qsort(h->codes, (size_t)h->n, sizeof *h->codes, by_code);
}

/* cp's group: its own group code, or its code when another counterparty names it as its group
 * (found in heads when given, else by a scan of in), or NULL. */
static const char *group_key(const struct lending_input *in, const struct group_heads *heads,
                             const struct counterparty *cp)
{
    if (cp->group_code[0])
        return cp->group_code;
    if (heads) {
        const char *key = cp->code;
        return bsearch(&key, heads->codes, (size_t)heads->n, sizeof *heads->codes, by_code) ? cp->code : NULL;
    }
    for (int i = 0; i < in->ncps; i++)
        if (strcmp(in->cps[i].group_code, cp->code) == 0)
            return cp->code;
    return NULL;
}

static cJSON *entry_json(const struct lending_input *in, const struct group_heads *heads,
                         const struct lending_entry *e);

cJSON *lending_entry_json(const struct lending_input *in, const struct lending_entry *e)
{
    return entry_json(in, NULL, e);
}

static cJSON *entry_json(const struct lending_input *in, const struct group_heads *heads,
                         const struct lending_entry *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", e->cp->code);
    cJSON_AddStringToObject(o, "name", e->cp->name);
    cJSON_AddStringToObject(o, "status", lend_status_name(e->status));
    add_limit(o, "limit", e->limit);
    add_days(o, "max_days", e->max_days);
    json_add_money(o, "exposure", e->exposure);
    if (e->limit.unlimited)
        cJSON_AddNullToObject(o, "headroom");
    else
        json_add_money(o, "headroom", e->limit.amount > e->exposure ? e->limit.amount - e->exposure : 0);
    cJSON_AddStringToObject(o, "basis", e->basis);
    cJSON_AddStringToObject(o, "sector", sector_name(e->cp->sector));
    cJSON_AddStringToObject(o, "country", e->cp->country);
    const char *g = in ? group_key(in, heads, e->cp) : NULL;
    if (g)
        cJSON_AddStringToObject(o, "group", g);
    else
        cJSON_AddNullToObject(o, "group");
    if (e->notch)
        cJSON_AddStringToObject(o, "rating", rating_long_symbol(e->notch));
    else
        cJSON_AddNullToObject(o, "rating");
    cJSON_AddBoolToObject(o, "watch_negative", e->watch_negative);
    return o;
}

/* The head of an entry's text, which depends on its counterparty only: {"code":..,"name":.. */
static void entry_head_out(struct strbuf *sb, const struct counterparty *cp)
{
    JSON_OUT_LIT(sb, "{\"code\":");
    json_out_string(sb, cp->code);
    JSON_OUT_LIT(sb, ",\"name\":");
    json_out_string(sb, cp->name);
}

/* Its tail part of the same kind: ,"sector":..,"country":..,"group":.. */
static void entry_tail_out(struct strbuf *sb, const struct lending_input *in, const struct group_heads *heads,
                           const struct counterparty *cp)
{
    JSON_OUT_LIT(sb, ",\"sector\":");
    json_out_string(sb, sector_name(cp->sector));
    JSON_OUT_LIT(sb, ",\"country\":");
    json_out_string(sb, cp->country);
    JSON_OUT_LIT(sb, ",\"group\":");
    const char *g = in ? group_key(in, heads, cp) : NULL;
    if (g)
        json_out_string(sb, g);
    else
        json_out_null(sb);
}

/* The quoted texts of the few names an entry's status and rating take, made once a list
 * instead of scanned and quoted for each of 3,000 entries: slot 0..7 a status, 8 + notch a
 * rating. A name that needs escaping, or is long, is not kept (json_out_string writes it). */
#define NAME_SLOTS 32
struct name_texts {
    const char *name[NAME_SLOTS]; /* what the slot was made of (NULL: not yet) */
    char text[NAME_SLOTS][40];    /* "name" with its quotes */
    unsigned char len[NAME_SLOTS];/* 0: not kept */
};

/* name as json_out_string writes it, through slot of nt (nt NULL or slot out of range: directly). */
static void name_out(struct strbuf *sb, struct name_texts *nt, int slot, const char *name)
{
    if (!nt || slot < 0 || slot >= NAME_SLOTS || !name) {
        json_out_string(sb, name);
        return;
    }
    if (nt->name[slot] != name) {
        size_t n = strlen(name);
        bool plain = n + 2 < sizeof nt->text[slot];
        for (size_t i = 0; plain && i < n; i++)
            plain = (unsigned char)name[i] >= 32 && name[i] != '"' && name[i] != '\\';
        nt->name[slot] = name;
        nt->len[slot] = 0;
        if (plain) {
            nt->text[slot][0] = '"';
            memcpy(nt->text[slot] + 1, name, n);
            nt->text[slot][n + 1] = '"';
            nt->len[slot] = (unsigned char)(n + 2);
        }
    }
    if (nt->len[slot])
        json_out_bytes(sb, nt->text[slot], nt->len[slot]);
    else
        json_out_string(sb, name);
}

/* The same entry as entry_json, written as text (util/json_out.h): byte for byte what
 * cJSON_PrintUnformatted prints of entry_json's object (tests/unit/test_json_out.c). The head
 * and tail come from t when it was written of this counterparty. */
static void entry_out(struct strbuf *sb, const struct lending_input *in, const struct group_heads *heads,
                      const struct lending_cp_texts *t, struct name_texts *nt, const struct lending_entry *e)
{
    long i = t ? (long)(e->cp - t->cps) : -1;
    bool kept = t && i >= 0 && i < t->ncps;
    if (kept)
        json_out_bytes(sb, t->text + t->off[3 * i], t->off[3 * i + 1] - t->off[3 * i]);
    else
        entry_head_out(sb, e->cp);
    JSON_OUT_LIT(sb, ",\"status\":");
    name_out(sb, nt, (int)e->status < 8 ? (int)e->status : -1, lend_status_name(e->status));
    JSON_OUT_LIT(sb, ",\"limit\":");
    if (e->limit.unlimited)
        json_out_null(sb);
    else
        json_out_money(sb, e->limit.amount);
    JSON_OUT_LIT(sb, ",\"max_days\":");
    if (e->max_days.unbounded)
        json_out_null(sb);
    else
        json_out_int(sb, e->max_days.days);
    JSON_OUT_LIT(sb, ",\"exposure\":");
    json_out_money(sb, e->exposure);
    JSON_OUT_LIT(sb, ",\"headroom\":");
    if (e->limit.unlimited)
        json_out_null(sb);
    else
        json_out_money(sb, e->limit.amount > e->exposure ? e->limit.amount - e->exposure : 0);
    JSON_OUT_LIT(sb, ",\"basis\":");
    json_out_string(sb, e->basis);
    if (kept)
        json_out_bytes(sb, t->text + t->off[3 * i + 1], t->off[3 * i + 2] - t->off[3 * i + 1]);
    else
        entry_tail_out(sb, in, heads, e->cp);
    JSON_OUT_LIT(sb, ",\"rating\":");
    if (e->notch)
        name_out(sb, nt, e->notch > 0 ? 8 + e->notch : -1, rating_long_symbol(e->notch));
    else
        json_out_null(sb);
    JSON_OUT_LIT(sb, ",\"watch_negative\":");
    json_out_bool(sb, e->watch_negative);
    strbuf_append_char(sb, '}');
}

void lending_cp_texts_build(const struct lending_input *in, struct lending_cp_texts *out)
{
    struct strbuf sb = STRBUF_INIT;
    struct group_heads heads = {NULL, 0};
    heads_build(in, &heads);
    out->cps = in->cps;
    out->ncps = in->ncps;
    out->off = xmalloc(3 * (size_t)(in->ncps > 0 ? in->ncps : 1) * sizeof *out->off);
    strbuf_grow(&sb, (size_t)in->ncps * 160 + 1);
    for (int i = 0; i < in->ncps; i++) {
        out->off[3 * i] = sb.len;
        entry_head_out(&sb, &in->cps[i]);
        out->off[3 * i + 1] = sb.len;
        entry_tail_out(&sb, in, &heads, &in->cps[i]);
        out->off[3 * i + 2] = sb.len;
    }
    free(heads.codes);
    out->len = sb.len;
    out->text = strbuf_steal(&sb);
}

void lending_cp_texts_free(struct lending_cp_texts *t)
{
    free(t->text);
    free(t->off);
    memset(t, 0, sizeof *t);
}

char *lending_entries_text(const struct lending_input *in, const struct lending_list *l)
{
    return lending_entries_text_with(in, l, NULL);
}

/* The "counterparties" array appended to sb (lending_entries_text_with). */
static void entries_out(struct strbuf *sb, const struct lending_input *in, const struct lending_list *l,
                        const struct lending_cp_texts *t)
{
    struct group_heads heads = {NULL, 0};
    if (t && (!in || t->cps != in->cps || t->ncps != in->ncps))
        t = NULL; /* written of other counterparties */
    if (in && !t)
        heads_build(in, &heads);
    strbuf_grow(sb, (size_t)l->n * 320 + 2); /* about 270 bytes an entry: one allocation */
    strbuf_append_char(sb, '[');
    struct name_texts nt;
    memset(nt.name, 0, sizeof nt.name);
    for (int i = 0; i < l->n; i++) {
        if (i)
            strbuf_append_char(sb, ',');
        entry_out(sb, in, heads.codes ? &heads : NULL, t, &nt, &l->e[i]); /* no heads: group_key scans */
    }
    strbuf_append_char(sb, ']');
    free(heads.codes);
}

char *lending_entries_text_with(const struct lending_input *in, const struct lending_list *l,
                                const struct lending_cp_texts *t)
{
    struct strbuf sb = STRBUF_INIT;
    entries_out(&sb, in, l, t);
    return strbuf_steal(&sb);
}

cJSON *lending_breach_json(const struct lending_breach *b)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", b->kind);
    cJSON_AddStringToObject(o, "subject", b->subject);
    json_add_money(o, "exposure", b->exposure);
    add_limit(o, "limit", b->limit);
    cJSON_AddBoolToObject(o, "passive", b->passive);
    if (strcmp(b->kind, "counterparty.over_duration") == 0) {
        cJSON_AddNumberToObject(o, "days", b->days);
        cJSON_AddNumberToObject(o, "max_days", b->max_days);
        cJSON_AddStringToObject(o, "refs", b->refs);
    }
    cJSON_AddStringToObject(o, "why", b->why);
    return o;
}

cJSON *lending_check_json(const struct lending_check *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "allowed", c->allowed);
    cJSON *rs = cJSON_AddArrayToObject(o, "reasons");
    for (int i = 0; i < c->nr; i++) {
        const struct lending_reason *r = &c->r[i];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "kind", r->kind);
        cJSON_AddStringToObject(x, "subject", r->subject);
        if (strstr(r->kind, "over_limit")) {
            json_add_money(x, "exposure", r->exposure);
            add_limit(x, "limit", r->limit);
        }
        if (strcmp(r->kind, "counterparty.over_duration") == 0) {
            cJSON_AddNumberToObject(x, "days", r->days);
            cJSON_AddNumberToObject(x, "max_days", r->max_days);
        }
        cJSON_AddStringToObject(x, "message", r->message);
        cJSON_AddItemToArray(rs, x);
    }
    cJSON_AddStringToObject(o, "counterparty", c->entry.cp->code);
    cJSON_AddStringToObject(o, "status", lend_status_name(c->entry.status));
    add_limit(o, "limit", c->entry.limit);
    add_days(o, "max_days", c->entry.max_days);
    json_add_money(o, "exposure", c->entry.exposure);
    cJSON_AddStringToObject(o, "basis", c->entry.basis);
    return o;
}

static cJSON *totals_json(const struct lending_total *t, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "key", t[i].key);
        json_add_money(o, "exposure", t[i].exposure);
        json_add_money(o, "all_exposure", t[i].all_exposure);
        add_limit(o, "limit", t[i].limit);
        if (t[i].limit.unlimited)
            cJSON_AddNullToObject(o, "headroom");
        else
            json_add_money(o, "headroom", t[i].limit.amount > t[i].exposure ? t[i].limit.amount - t[i].exposure : 0);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

/* The latest start among the outstanding deals of a breach's subject (what "passive" is judged
 * at), or DATE_NONE. */
static date_t breach_last_start(const struct lending_list *l, const struct lending_breach *b)
{
    const struct lending_total *t = NULL;
    int n = 0;
    if (strncmp(b->kind, "counterparty.", 13) == 0) {
        for (int i = 0; i < l->n; i++)
            if (strcmp(l->e[i].cp->code, b->subject) == 0)
                return l->e[i].last_start;
        return DATE_NONE;
    }
    if (strncmp(b->kind, "group.", 6) == 0)
        t = l->groups, n = l->ngroups;
    else if (strncmp(b->kind, "country.", 8) == 0)
        t = l->countries, n = l->ncountries;
    else if (strncmp(b->kind, "sector.", 7) == 0)
        t = l->sectors, n = l->nsectors;
    for (int i = 0; i < n; i++)
        if (strcmp(t[i].key, b->subject) == 0)
            return t[i].last_start;
    return DATE_NONE;
}

cJSON *lending_list_json(const struct lending_input *in, const struct lending_list *l)
{
    return lending_list_json_with(in, l, true);
}

/* The "counterparties" of the list as one cJSON_Raw node (lending_entries_text_with). */
static void add_raw_entries(cJSON *doc, const struct lending_input *in, const struct lending_list *l,
                            const struct lending_cp_texts *t)
{
    json_add_raw_taken(doc, "counterparties", lending_entries_text_with(in, l, t));
}

cJSON *lending_list_json_with(const struct lending_input *in, const struct lending_list *l, bool entries)
{
    return lending_list_json_as(in, l, entries ? LENDING_ENTRIES_TREE : LENDING_ENTRIES_NONE);
}

cJSON *lending_list_json_as(const struct lending_input *in, const struct lending_list *l, enum lending_entries how)
{
    return lending_list_json_texts(in, l, how, NULL);
}

cJSON *lending_list_json_texts(const struct lending_input *in, const struct lending_list *l, enum lending_entries how,
                               const struct lending_cp_texts *t)
{
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "as_of", l->as_of);
    if (how == LENDING_ENTRIES_RAW)
        add_raw_entries(doc, in, l, t);
    if (how == LENDING_ENTRIES_TREE) {
        cJSON *cps = cJSON_AddArrayToObject(doc, "counterparties");
        struct group_heads heads = {NULL, 0};
        if (in)
            heads_build(in, &heads);
        for (int i = 0; i < l->n; i++)
            cJSON_AddItemToArray(cps, entry_json(in, in ? &heads : NULL, &l->e[i]));
        free(heads.codes);
    }
    cJSON *bs = cJSON_AddArrayToObject(doc, "breaches");
    for (int i = 0; i < l->nb; i++) {
        cJSON *o = lending_breach_json(&l->b[i]);
        date_t since = breach_last_start(l, &l->b[i]); /* the page words "why" from the fields */
        if (since == DATE_NONE)
            cJSON_AddNullToObject(o, "last_deal_start");
        else
            json_add_date(o, "last_deal_start", since);
        cJSON_AddItemToArray(bs, o);
    }
    cJSON_AddItemToObject(doc, "groups", totals_json(l->groups, l->ngroups));
    cJSON_AddItemToObject(doc, "countries", totals_json(l->countries, l->ncountries));
    cJSON_AddItemToObject(doc, "sectors", totals_json(l->sectors, l->nsectors));
    return doc;
}

/* ---- the whole document as text (the service's answer) ---------------------------------- */

/* A limit as add_limit adds it: the amount, or null when unlimited. */
static void limit_out(struct strbuf *sb, struct opt_money m)
{
    if (m.unlimited)
        json_out_null(sb);
    else
        json_out_money(sb, m.amount);
}

/* One breach as lending_list_json_texts adds it (lending_breach_json and "last_deal_start"). */
static void breach_out(struct strbuf *sb, const struct lending_list *l, const struct lending_breach *b)
{
    JSON_OUT_LIT(sb, "{\"kind\":");
    json_out_string(sb, b->kind);
    JSON_OUT_LIT(sb, ",\"subject\":");
    json_out_string(sb, b->subject);
    JSON_OUT_LIT(sb, ",\"exposure\":");
    json_out_money(sb, b->exposure);
    JSON_OUT_LIT(sb, ",\"limit\":");
    limit_out(sb, b->limit);
    JSON_OUT_LIT(sb, ",\"passive\":");
    json_out_bool(sb, b->passive);
    if (strcmp(b->kind, "counterparty.over_duration") == 0) {
        JSON_OUT_LIT(sb, ",\"days\":");
        json_out_int(sb, b->days);
        JSON_OUT_LIT(sb, ",\"max_days\":");
        json_out_int(sb, b->max_days);
        JSON_OUT_LIT(sb, ",\"refs\":");
        json_out_string(sb, b->refs);
    }
    JSON_OUT_LIT(sb, ",\"why\":");
    json_out_string(sb, b->why);
    JSON_OUT_LIT(sb, ",\"last_deal_start\":");
    json_out_date(sb, breach_last_start(l, b));
    strbuf_append_char(sb, '}');
}

/* The totals of one kind as totals_json's array. */
static void totals_out(struct strbuf *sb, const struct lending_total *t, int n)
{
    strbuf_append_char(sb, '[');
    for (int i = 0; i < n; i++) {
        if (i)
            strbuf_append_char(sb, ',');
        JSON_OUT_LIT(sb, "{\"key\":");
        json_out_string(sb, t[i].key);
        JSON_OUT_LIT(sb, ",\"exposure\":");
        json_out_money(sb, t[i].exposure);
        JSON_OUT_LIT(sb, ",\"all_exposure\":");
        json_out_money(sb, t[i].all_exposure);
        JSON_OUT_LIT(sb, ",\"limit\":");
        limit_out(sb, t[i].limit);
        JSON_OUT_LIT(sb, ",\"headroom\":");
        if (t[i].limit.unlimited)
            json_out_null(sb);
        else
            json_out_money(sb, t[i].limit.amount > t[i].exposure ? t[i].limit.amount - t[i].exposure : 0);
        strbuf_append_char(sb, '}');
    }
    strbuf_append_char(sb, ']');
}

char *lending_list_text(const struct lending_input *in, const struct lending_list *l, const struct lending_cp_texts *t)
{
    struct strbuf sb = STRBUF_INIT;
    /* one allocation: the entries' 270 bytes or so each (entries_out), the rest's */
    strbuf_grow(&sb, (size_t)l->n * 320 + 64 + (size_t)l->nb * 600 +
                         (size_t)(l->ngroups + l->ncountries + l->nsectors) * 160);
    JSON_OUT_LIT(&sb, "{\"as_of\":");
    json_out_date(&sb, l->as_of);
    JSON_OUT_LIT(&sb, ",\"counterparties\":");
    entries_out(&sb, in, l, t);
    JSON_OUT_LIT(&sb, ",\"breaches\":[");
    for (int i = 0; i < l->nb; i++) {
        if (i)
            strbuf_append_char(&sb, ',');
        breach_out(&sb, l, &l->b[i]);
    }
    JSON_OUT_LIT(&sb, "],\"groups\":");
    totals_out(&sb, l->groups, l->ngroups);
    JSON_OUT_LIT(&sb, ",\"countries\":");
    totals_out(&sb, l->countries, l->ncountries);
    JSON_OUT_LIT(&sb, ",\"sectors\":");
    totals_out(&sb, l->sectors, l->nsectors);
    strbuf_append_char(&sb, '}');
    return strbuf_steal(&sb);
}

static cJSON *side_json(const struct lending_entry *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "status", lend_status_name(e->status));
    add_limit(o, "limit", e->limit);
    add_days(o, "max_days", e->max_days);
    cJSON_AddStringToObject(o, "basis", e->basis);
    return o;
}

cJSON *lending_changes_json(const struct lending_change *ch, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", ch[i].cp->code);
        cJSON_AddStringToObject(o, "name", ch[i].cp->name);
        cJSON_AddItemToObject(o, "before", side_json(&ch[i].before));
        cJSON_AddItemToObject(o, "after", side_json(&ch[i].after));
        cJSON_AddItemToArray(a, o);
    }
    return a;
}
