/* actor.h (service): who acts, for every verb that records a person (deal, loan, counterparty
 * officer actions, alerts ack, import movements). ONE rule, in actor_resolve:
 *   - once any user exists for the authority (one covering it, or any admin of all
 *     authorities), the actor is the user holding the token (PRUDENT_TOKEN on the CLI, the same
 *     token as the API); `by`, if given, must be that user's name exactly; the user must cover
 *     the authority and have the role the act needs (dealer to book, approver to approve);
 *   - with no users at all (a first evaluation only), `by` is taken as given.
 * Four-eyes rules then compare user ids (actor.user_id), not free text. The HTTP service makes
 * its actor from the request's user (actor_of_user). */
#ifndef PRUDENT_SERVICE_ACTOR_H
#define PRUDENT_SERVICE_ACTOR_H

#include <libpq-fe.h>
#include <stdint.h>

#include "store/user.h"

#define ACTOR_NAME_MAX 201 /* --by is at most 200 characters */

struct actor {
    int64_t user_id;           /* 0: no users for the authority, the name as given */
    char name[ACTOR_NAME_MAX]; /* the user's name, or --by */
    enum user_role role;       /* ROLE_NONE when user_id is 0 */
};

/* Resolve the actor of an act on the authority with this id (0: an act on no authority, such as
 * a shared feed alert: then any user at all counts). token: NULL or "" when none; by: NULL when
 * not given; needed: the least role the act needs (ROLE_NONE: any user); verb names the act in
 * messages ("deal approve"). Returns EXIT_OK and fills *out; EXIT_NO (refused: no token, a token
 * of no active user, a user not covering the authority or without the role), EXIT_BAD (--by
 * names someone else, or no --by and no users) or EXIT_DEP, each after printing why. */
int actor_resolve(PGconn *c, int64_t authority_id, const char *token, const char *by, enum user_role needed,
                  const char *verb, struct actor *out);
/* The same, for verbs whose --by defaults to something (the login name) while no users exist:
 * default_by is used then when by is NULL, and never once users exist. */
int actor_resolve_or(PGconn *c, int64_t authority_id, const char *token, const char *by, const char *default_by,
                     enum user_role needed, const char *verb, struct actor *out);

/* The actor of an API request's authenticated user. */
void actor_of_user(const struct api_user *u, struct actor *out);

#endif
