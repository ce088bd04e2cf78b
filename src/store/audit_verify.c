/* audit_verify.c: recomputing the audit trail's hash chain outside the database (see audit.h).
 * An edited row no longer matches its hash; a deleted row leaves a gap in seq or a broken
 * prev_hash link; a truncated tail disagrees with audit_head. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "util/err.h"

#define HASH_LEN crypto_hash_sha256_BYTES

/* The canonical text of each row, exactly as sql/001_foundation.sql's audit_row_hash builds it. */
static const char *const ROWS_SQL =
    "SELECT seq, prev_hash, hash, concat_ws(chr(31), seq::text,"
    " (extract(epoch FROM at) * 1000000)::bigint::text, actor, coalesce(authority_id::text, ''),"
    " entity, entity_key, action, coalesce(before::text, ''), coalesce(after::text, ''),"
    " coalesce(reason, '')) AS canon FROM audit_log ORDER BY seq";

/* Decode PostgreSQL's bytea hex output ("\x0a1b...") into out; returns the length or -1. */
static int unhex(const char *s, unsigned char *out, size_t cap)
{
    if (s[0] != '\\' || s[1] != 'x')
        return -1;
    size_t bin_len;
    if (sodium_hex2bin(out, cap, s + 2, strlen(s + 2), NULL, &bin_len, NULL) != 0)
        return -1;
    return (int)bin_len;
}

static void note(struct audit_check *out, long seq, const char *problem)
{
    if (out->bad++ == 0) {
        out->first_bad_seq = seq;
        snprintf(out->first_problem, sizeof out->first_problem, "%s", problem);
    }
}

/* Check one row against the previous row's hash; updates prev/prev_len/expect_seq. */
static void check_row(struct audit_check *out, PGresult *r, unsigned char *prev, int *prev_len,
                      long *expect_seq)
{
    long seq = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    unsigned char stored_prev[64], stored[64], computed[HASH_LEN];
    int sp = unhex(PQgetvalue(r, 0, 1), stored_prev, sizeof stored_prev);
    int sh = unhex(PQgetvalue(r, 0, 2), stored, sizeof stored);
    const char *canon = PQgetvalue(r, 0, 3);
    out->rows++;
    if (seq != *expect_seq)
        note(out, seq, seq > *expect_seq ? "rows are missing before it (a gap in seq)" : "seq out of order");
    if (sp != *prev_len || (sp > 0 && memcmp(stored_prev, prev, (size_t)sp) != 0))
        note(out, seq, "its link to the previous row does not match (a row was deleted or edited)");
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, stored_prev, sp > 0 ? (unsigned long long)sp : 0);
    crypto_hash_sha256_update(&st, (const unsigned char *)canon, strlen(canon));
    crypto_hash_sha256_final(&st, computed);
    if (sh != HASH_LEN || memcmp(stored, computed, HASH_LEN) != 0)
        note(out, seq, "its contents do not match its hash (the row was edited)");
    if (sh == HASH_LEN) {
        memcpy(prev, stored, HASH_LEN);
        *prev_len = HASH_LEN;
    }
    *expect_seq = seq + 1;
}

static int check_head(PGconn *c, struct audit_check *out, const unsigned char *last, int last_len,
                      long last_seq)
{
    PGresult *h = db_query(c, "read audit head", "SELECT seq, hash FROM audit_head", 0, NULL);
    if (!h)
        return -1;
    unsigned char hh[64];
    int hl = PQntuples(h) == 1 ? unhex(PQgetvalue(h, 0, 1), hh, sizeof hh) : -1;
    long hseq = PQntuples(h) == 1 ? strtol(PQgetvalue(h, 0, 0), NULL, 10) : -1;
    if (hseq != last_seq || hl != last_len || (hl > 0 && memcmp(hh, last, (size_t)hl) != 0))
        note(out, last_seq + 1, "the chain's head does not match its last row (rows were removed from the end)");
    PQclear(h);
    return 0;
}

int audit_verify(PGconn *c, struct audit_check *out)
{
    memset(out, 0, sizeof *out);
    if (sodium_init() < 0)
        return error("cannot initialise libsodium");
    if (!PQsendQueryParams(c, ROWS_SQL, 0, NULL, NULL, NULL, NULL, 0) || !PQsetSingleRowMode(c))
        return error("read audit trail: %s", PQerrorMessage(c));
    unsigned char prev[HASH_LEN];
    int prev_len = 0, rc = 0;
    long expect_seq = 1;
    PGresult *r;
    while ((r = PQgetResult(c))) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE)
            check_row(out, r, prev, &prev_len, &expect_seq);
        else if (st != PGRES_TUPLES_OK)
            rc = error("read audit trail: %s", PQresultErrorMessage(r));
        PQclear(r);
    }
    if (rc < 0)
        return -1;
    sodium_bin2hex(out->head_hex, sizeof out->head_hex, prev, (size_t)prev_len);
    return check_head(c, out, prev, prev_len, expect_seq - 1);
}
