/* audit_anchor.h: anchoring the audit trail outside the database (audit_anchor.c).
 *
 * An anchor is one line appended to an anchor file: the trail's head (row count, last seq, last
 * id, last hash) and the time, signed with Ed25519 (libsodium) by a key kept in a file outside
 * the database:
 *   prudent-audit-anchor/1 db=NAME rows=N seq=S id=I hash=HEX at=ISO8601Z key=PUBHEX sig=SIGHEX
 * The signature covers the line up to " sig=". Someone who can rewrite the database but not read
 * the key file or edit the anchor file cannot make a rewritten, cut or emptied trail agree with
 * the anchors already written (audit_anchor_check). */
#ifndef PRUDENT_STORE_AUDIT_ANCHOR_H
#define PRUDENT_STORE_AUDIT_ANCHOR_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#define ANCHOR_PATH 600

/* Where the key and the anchor file are: key_opt / anchors_opt when given, else the variables
 * PRUDENT_AUDIT_KEY / PRUDENT_AUDIT_ANCHORS, else $PRUDENT_HOME/audit/anchor.key and
 * $PRUDENT_HOME/audit/anchors (PRUDENT_HOME's default as for the embedded database). *explicit_anchors
 * is set when the anchor file was named (option or variable). Returns 0, or -1 after printing why. */
int audit_anchor_paths(const char *key_opt, const char *anchors_opt, char key[ANCHOR_PATH],
                       char anchors[ANCHOR_PATH], bool *explicit_anchors);

/* The public key (64 hex digits and a NUL) of the key in key_path, creating the key (mode 0600,
 * its folder 0700) when the file does not exist. Returns 0, or -1 after printing why. */
int audit_anchor_public_key(const char *key_path, char pub_hex[65]);

/* Sign the trail's current head and append the anchor line to anchors_path (created 0600 when
 * missing). The line written is copied to line (size bytes) when line is not NULL. Returns 0, or
 * -1 after printing why. */
int audit_anchor_write(PGconn *c, const char *key_path, const char *anchors_path, char *line, size_t size);

/* The trail's last seq as audit_head holds it (cheap: for deciding whether to anchor). Returns 0,
 * or -1 after printing why. */
int audit_head_seq(PGconn *c, long *seq);

/* The outcome of audit_anchor_check. */
struct anchor_check {
    long checked;          /* anchors of this database whose signature and head were checked */
    long ignored;          /* lines of other databases */
    long bad;              /* anchors that fail */
    long first_bad_line;   /* line number of the first failing anchor, 0 when none */
    char first_problem[400];
    long latest_seq;       /* the last good anchor's seq and time */
    char latest_at[32];
};

/* Check every anchor of this database in anchors_path against the trail: its signature (with the
 * public key of key_path: a line signed by another key fails), and that the trail still holds
 * the row it signed, with the same hash and the same number of rows up to it. Call after
 * audit_verify found the chain intact, so that an anchor's row pins every row before it.
 * A missing file is 0 anchors when !must_exist. Returns 0 (result in *out) or -1 after printing why. */
int audit_anchor_check(PGconn *c, const char *key_path, const char *anchors_path, bool must_exist,
                       struct anchor_check *out);

#endif
