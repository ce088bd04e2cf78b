/* user.h: the users of the HTTP API, their roles, authorities and bearer tokens (sql/050).
 *
 * A token is "prt_" followed by 256 random bits from libsodium in unpadded base64url (47
 * characters). It is shown once, when made; the database keeps only its BLAKE2b-256 hash, so a
 * stolen backup yields no usable token. Roles are ordered: viewer < dealer < approver < admin,
 * each allowed what the ones before it are. Strings returned are static or in caller buffers. */
#ifndef PRUDENT_STORE_USER_H
#define PRUDENT_STORE_USER_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/authority.h"
#include "store/lending.h"
#include "store/rows.h"

#define USER_TOKEN_LEN 47
#define USER_NAME_MAX 65

enum user_role { ROLE_NONE = 0, ROLE_VIEWER, ROLE_DEALER, ROLE_APPROVER, ROLE_ADMIN };

/* "viewer" ... "admin" -> the role, ROLE_NONE when unknown. */
enum user_role user_role_parse(const char *s);
/* The role's name (a static string). */
const char *user_role_name(enum user_role r);
/* true when name is 1-64 of A-Z a-z 0-9 _ . @ - starting with a letter or digit. */
bool user_name_valid(const char *name);
/* The authority a user name is scoped to: for "NAME@CODE" whose CODE is shaped like an authority
 * code (A-Z, 0-9, '-', 2-16), a pointer to CODE inside name; otherwise NULL (e.g. an e-mail). */
const char *user_name_home(const char *name);
/* Whether a new user's name fits its authorities: a name scoped to CODE must cover CODE (or every
 * authority); and when scoped_admin (the maker covers only some authorities) the name must be
 * scoped to one of codes, so the answer never depends on names held in other authorities. */
bool user_name_fits(const char *name, bool all_authorities, const char *const *codes, int ncodes,
                    bool scoped_admin);

struct api_user {
    int64_t id;
    char name[USER_NAME_MAX];
    enum user_role role;
    bool all_authorities;
};

/* Add a user with a fresh token written to token (USER_TOKEN_LEN + 1 bytes), inside one
 * transaction with its audit entry. codes are authority codes (ignored when all_authorities).
 * Returns 0; 1 if the name exists (printed); 2 if an authority code is unknown (printed); -1 on a
 * database or libsodium failure (printed). */
int user_add(PGconn *c, const char *name, enum user_role role, bool all_authorities,
             const char *const *codes, int ncodes, const char *actor, char *token);
/* The same inside the caller's transaction (the HTTP service's), made by the admin `by`: the
 * user is pending (its token refused) until another admin approves it (user_approve); nothing
 * is committed. */
int user_add_in(PGconn *c, const char *name, enum user_role role, bool all_authorities,
                const char *const *codes, int ncodes, const struct api_user *by, char *token);
/* Approve a pending user: by is the approving admin (NULL: the operator's CLI, which may approve
 * any), recorded as actor in the audit trail. in_tx: inside the caller's transaction. Returns 0;
 * 1 when there is no such pending user; 2 when by is the admin who made it (four eyes); -1 on a
 * database failure (printed). */
int user_approve(PGconn *c, const char *name, const struct api_user *by, const char *actor, bool in_tx);
/* How many unrevoked users (pending ones included) cover the authority with this id (0: users
 * of any authority), or -1 after printing why. */
int user_count_for(PGconn *c, int64_t authority_id);
/* Give an existing, unrevoked user a new token (the old one stops working). Returns 0, 1 when
 * there is no such active user, -1 on failure. */
int user_rotate(PGconn *c, const char *name, const char *actor, char *token);
/* Revoke a user: the token stops working at once. Returns 0, 1 when there is no such active
 * user, -1 on failure. */
int user_revoke(PGconn *c, const char *name, const char *actor);

/* The same inside the caller's transaction. */
int user_revoke_in(PGconn *c, const char *name, const char *actor);

/* The BLAKE2b-256 hash of text in hex, as tokens and session ids are stored (out: 65 bytes). */
void user_hash_hex(const char *text, char out[65]);
/* Fill *u from row of r, which has the columns id, name, role and all_authorities. */
void user_from_row(const PGresult *r, int row, struct api_user *u);

/* Look up the active user holding token. Returns 0 and fills *u; 1 when no active user holds it
 * (or it is malformed); -1 on a database failure (printed). */
int user_by_token(PGconn *c, const char *token, struct api_user *u);
/* Whether user u may act on the authority with this id: 1 yes, 0 no, -1 database failure. */
int user_covers(PGconn *c, const struct api_user *u, int64_t authority_id);
/* What user_by_token_at finds besides the user. */
struct token_at {
    struct authority authority; /* id 0 when there is no authority with that code */
    bool covers;                /* whether the user may act on it */
    struct data_versions seen;  /* the committed data versions (store/lending.h) of the
                                   universe and that authority, read in the same query (its
                                   row's copies, sql/330); known false when there is no
                                   authority with that code */
};
/* user_by_token, and when code is not NULL also the authority with that code, whether the user
 * covers it and the data versions, in one query (out->seen.known is false when code is NULL).
 * Returns like user_by_token. */
int user_by_token_at(PGconn *c, const char *token, const char *code, struct api_user *u, struct token_at *out);

/* Whether the active user called name exists (1) and whether `by` may revoke it: by covers
 * every authority the user covers (*allowed). Returns 1 found, 0 no such active user, -1 after
 * printing why. */
int user_may_revoke(PGconn *c, const char *name, const struct api_user *by, bool *allowed);

/* Every user, ordered by name, with the columns name, role, all_authorities ("t"/"f"),
 * created_at (ISO 8601 UTC), created_by, revoked ("t"/"f"), pending ("t"/"f") and codes (their authorities'
 * codes, comma-separated). A new struct rows the caller frees, or NULL after printing why. */
struct rows *user_rows(PGconn *c);

#endif
