/* audit_anchor.c: signing the audit trail's head into an anchor file and checking a trail against
 * every anchor (see audit_anchor.h). The key and the anchor file live outside the database. */
#include "store/audit_anchor.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/cluster.h"
#include "store/db.h"
#include "util/err.h"

#define ANCHOR_TAG "prudent-audit-anchor/1"
#define HASH_HEX 65

static int path_in_home(const char *leaf, char out[ANCHOR_PATH])
{
    struct cluster cl;
    if (cluster_locate(&cl) < 0)
        return -1;
    if (snprintf(out, ANCHOR_PATH, "%s/audit/%s", cl.home, leaf) >= ANCHOR_PATH)
        return error("the audit key's folder is too long: %s/audit", cl.home);
    return 0;
}

static int choose(const char *opt, const char *env, const char *leaf, char out[ANCHOR_PATH], bool *named)
{
    const char *v = opt && *opt ? opt : getenv(env);
    if (named)
        *named = v && *v;
    if (!v || !*v)
        return path_in_home(leaf, out);
    if (snprintf(out, ANCHOR_PATH, "%s", v) >= ANCHOR_PATH)
        return error("path too long: %s", v);
    return 0;
}

int audit_anchor_paths(const char *key_opt, const char *anchors_opt, char key[ANCHOR_PATH],
                       char anchors[ANCHOR_PATH], bool *explicit_anchors)
{
    if (choose(key_opt, "PRUDENT_AUDIT_KEY", "anchor.key", key, NULL) < 0)
        return -1;
    return choose(anchors_opt, "PRUDENT_AUDIT_ANCHORS", "anchors", anchors, explicit_anchors);
}

/* Make the folder holding path (one level, 0700) when missing. */
static int make_parent(const char *path)
{
    char dir[ANCHOR_PATH];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        return error("cannot create %s: %s", dir, strerror(errno));
    return 0;
}

/* Create a new key file holding the secret key in hex; EEXIST (another process made it
 * meanwhile) is success. */
static int create_key(const char *path)
{
    if (make_parent(path) < 0)
        return -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return errno == EEXIST ? 0 : error("cannot create the audit key %s: %s", path, strerror(errno));
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    char hex[2 * crypto_sign_SECRETKEYBYTES + 2];
    sodium_bin2hex(hex, sizeof hex - 1, sk, sizeof sk);
    strcat(hex, "\n");
    sodium_memzero(sk, sizeof sk);
    ssize_t n = write(fd, hex, strlen(hex));
    sodium_memzero(hex, sizeof hex);
    if (n < 0 || close(fd) < 0)
        return error("cannot write the audit key %s: %s", path, strerror(errno));
    return 0;
}

/* Read the secret key (creating it when create and missing). Returns 0, or -1 after printing why. */
static int load_key(const char *path, bool create, unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
    if (sodium_init() < 0)
        return error("cannot initialise libsodium");
    if (create && access(path, F_OK) != 0 && create_key(path) < 0)
        return -1;
    FILE *f = fopen(path, "r");
    if (!f)
        return error("cannot read the audit key %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
        warning("the audit key %s can be read by others (mode %03o): chmod 600 it", path,
                (unsigned)(st.st_mode & 0777));
    char hex[2 * crypto_sign_SECRETKEYBYTES + 8] = "";
    bool got = fgets(hex, sizeof hex, f) != NULL;
    fclose(f);
    size_t len = 0;
    int rc = got && sodium_hex2bin(sk, crypto_sign_SECRETKEYBYTES, hex, strcspn(hex, "\r\n"), NULL, &len, NULL) == 0 &&
                     len == crypto_sign_SECRETKEYBYTES
                 ? 0
                 : error("the audit key %s is not a key prudent wrote (128 hex digits)", path);
    sodium_memzero(hex, sizeof hex);
    return rc;
}

int audit_anchor_public_key(const char *key_path, char pub_hex[65])
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    if (load_key(key_path, true, sk) < 0)
        return -1;
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_memzero(sk, sizeof sk);
    sodium_bin2hex(pub_hex, 65, pk, sizeof pk);
    return 0;
}

/* The head: rows, last seq, last id and last hash (hex, "" when empty). */
struct head {
    long rows, seq, id;
    char hash[HASH_HEX];
};

static int read_head(PGconn *c, struct head *h)
{
    PGresult *r = db_query(c, "read the audit trail's head",
                           "SELECT count(*) AS rows, coalesce(max(seq), 0) AS seq, coalesce(max(id), 0) AS id,"
                           " coalesce(encode((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), 'hex'), '') AS hash"
                           " FROM audit_log",
                           0, NULL);
    if (!r)
        return -1;
    h->rows = (long)db_get_int(r, 0, "rows");
    h->seq = (long)db_get_int(r, 0, "seq");
    h->id = (long)db_get_int(r, 0, "id");
    snprintf(h->hash, sizeof h->hash, "%s", db_get(r, 0, "hash"));
    PQclear(r);
    return 0;
}

int audit_head_seq(PGconn *c, long *seq)
{
    PGresult *r = db_query(c, "read the audit trail's head", "SELECT seq FROM audit_head", 0, NULL);
    if (!r)
        return -1;
    *seq = PQntuples(r) == 1 ? (long)db_get_int(r, 0, "seq") : 0;
    PQclear(r);
    return 0;
}

static int append_line(const char *path, const char *line)
{
    if (make_parent(path) < 0)
        return -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0)
        return error("cannot open the anchor file %s: %s", path, strerror(errno));
    size_t n = strlen(line);
    /* one write() with O_APPEND: concurrent anchors never interleave */
    ssize_t w = write(fd, line, n);
    int rc = (w == (ssize_t)n && fsync(fd) == 0) ? 0 : error("cannot write the anchor file %s: %s", path, strerror(errno));
    close(fd);
    return rc;
}

int audit_anchor_write(PGconn *c, const char *key_path, const char *anchors_path, char *line, size_t size)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    struct head h;
    if (load_key(key_path, true, sk) < 0)
        return -1;
    if (read_head(c, &h) < 0) {
        sodium_memzero(sk, sizeof sk);
        return -1;
    }
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    char pkhex[65], at[32], msg[512], sighex[2 * crypto_sign_BYTES + 1], out[700];
    sodium_bin2hex(pkhex, sizeof pkhex, pk, sizeof pk);
    time_t now = time(NULL);
    struct tm tm;
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    snprintf(msg, sizeof msg, "%s db=%s rows=%ld seq=%ld id=%ld hash=%s at=%s key=%s", ANCHOR_TAG,
             PQdb(c), h.rows, h.seq, h.id, h.hash[0] ? h.hash : "-", at, pkhex);
    crypto_sign_detached(sig, NULL, (const unsigned char *)msg, strlen(msg), sk);
    sodium_memzero(sk, sizeof sk);
    sodium_bin2hex(sighex, sizeof sighex, sig, sizeof sig);
    snprintf(out, sizeof out, "%s sig=%s\n", msg, sighex);
    if (append_line(anchors_path, out) < 0)
        return -1;
    if (line)
        snprintf(line, size, "%s", out);
    return 0;
}

/* One parsed anchor line. */
struct anchor {
    char db[128], hash[HASH_HEX], at[32], key[65], sig[129];
    long rows, seq, id;
    size_t signed_len; /* bytes of the line the signature covers */
};

static int parse_anchor(const char *line, struct anchor *a)
{
    memset(a, 0, sizeof *a);
    const char *s = strstr(line, " sig=");
    if (strncmp(line, ANCHOR_TAG " ", strlen(ANCHOR_TAG) + 1) != 0 || !s)
        return -1;
    a->signed_len = (size_t)(s - line);
    int n = sscanf(line, ANCHOR_TAG " db=%127s rows=%ld seq=%ld id=%ld hash=%64s at=%31s key=%64s sig=%128s",
                   a->db, &a->rows, &a->seq, &a->id, a->hash, a->at, a->key, a->sig);
    if (n != 8)
        return -1;
    if (strcmp(a->hash, "-") == 0)
        a->hash[0] = '\0';
    return 0;
}

static void bad(struct anchor_check *out, long lineno, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad(struct anchor_check *out, long lineno, const char *fmt, ...)
{
    if (out->bad++ != 0)
        return;
    out->first_bad_line = lineno;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->first_problem, sizeof out->first_problem, fmt, ap);
    va_end(ap);
}

/* What the trail holds at seq: rows up to it, and its hash (hex, "" when there is no such row). */
static int trail_at(PGconn *c, long seq, long *rows, char hash[HASH_HEX])
{
    char sbuf[DB_INT_BUFSZ];
    const char *p[] = {db_int(seq, sbuf)};
    PGresult *r = db_query(c, "read the audit trail at an anchor",
                           "SELECT (SELECT count(*) FROM audit_log WHERE seq <= $1::bigint) AS rows,"
                           " coalesce((SELECT encode(hash, 'hex') FROM audit_log WHERE seq = $1::bigint), '') AS hash",
                           1, p);
    if (!r)
        return -1;
    *rows = (long)db_get_int(r, 0, "rows");
    snprintf(hash, HASH_HEX, "%s", db_get(r, 0, "hash"));
    PQclear(r);
    return 0;
}

/* Check one anchor of this database against the key and the trail (whose last seq is last_seq). */
static int check_one(PGconn *c, const struct anchor *a, const char *line, const unsigned char *pk,
                     const char *pkhex, long last_seq, long lineno, struct anchor_check *out)
{
    unsigned char sig[crypto_sign_BYTES];
    size_t len = 0;
    out->checked++;
    if (strcmp(a->key, pkhex) != 0)
        return bad(out, lineno, "anchor on line %ld (%s) was signed by another key (%.16s...), not this one (%.16s...)",
                   lineno, a->at, a->key, pkhex), 0;
    if (sodium_hex2bin(sig, sizeof sig, a->sig, strlen(a->sig), NULL, &len, NULL) != 0 || len != sizeof sig ||
        crypto_sign_verify_detached(sig, (const unsigned char *)line, a->signed_len, pk) != 0)
        return bad(out, lineno, "anchor on line %ld (%s): the signature does not match (the line was edited)",
                   lineno, a->at), 0;
    if (last_seq < a->seq)
        return bad(out, lineno,
                   "anchor on line %ld (%s) signed %ld rows up to seq %ld, but the trail ends at seq %ld: "
                   "rows were removed from the end%s",
                   lineno, a->at, a->rows, a->seq, last_seq, last_seq == 0 ? " (the trail was emptied)" : ""), 0;
    long rows;
    char hash[HASH_HEX];
    if (trail_at(c, a->seq, &rows, hash) < 0)
        return -1;
    if (strcmp(hash, a->hash) != 0)
        return bad(out, lineno,
                   "anchor on line %ld (%s): row seq %ld has hash %.16s..., the anchor signed %.16s...: "
                   "the trail up to seq %ld was rewritten (rows edited, inserted or removed and the hashes recomputed)",
                   lineno, a->at, a->seq, hash[0] ? hash : "(none)", a->hash, a->seq), 0;
    if (rows != a->rows)
        return bad(out, lineno, "anchor on line %ld (%s): %ld rows up to seq %ld, the anchor signed %ld",
                   lineno, a->at, rows, a->seq, a->rows), 0;
    out->latest_seq = a->seq;
    snprintf(out->latest_at, sizeof out->latest_at, "%s", a->at);
    return 0;
}

int audit_anchor_check(PGconn *c, const char *key_path, const char *anchors_path, bool must_exist,
                       struct anchor_check *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(anchors_path, "r");
    if (!f) {
        if (errno == ENOENT && !must_exist)
            return 0;
        return error("cannot read the anchor file %s: %s", anchors_path, strerror(errno));
    }
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    char pkhex[65];
    struct head h;
    if (load_key(key_path, false, sk) < 0 || read_head(c, &h) < 0) {
        fclose(f);
        return -1;
    }
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    sodium_memzero(sk, sizeof sk);
    sodium_bin2hex(pkhex, sizeof pkhex, pk, sizeof pk);
    char line[1024];
    long lineno = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        struct anchor a;
        if (parse_anchor(line, &a) < 0) {
            out->checked++;
            bad(out, lineno, "line %ld of %s is not an anchor prudent wrote", lineno, anchors_path);
        } else if (strcmp(a.db, PQdb(c)) != 0) {
            out->ignored++;
        } else {
            rc = check_one(c, &a, line, pk, pkhex, h.seq, lineno, out);
        }
    }
    fclose(f);
    return rc;
}
