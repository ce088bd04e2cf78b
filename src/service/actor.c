/* actor.c (service): who acts: the token's user once users exist, --by before (see actor.h). */
#include "service/actor.h"

#include <stdio.h>
#include <string.h>

#include "util/err.h"

void actor_of_user(const struct api_user *u, struct actor *out)
{
    memset(out, 0, sizeof *out);
    out->user_id = u->id;
    snprintf(out->name, sizeof out->name, "%s", u->name);
    out->role = u->role;
}

/* The first-evaluation mode: no users, the name as given. */
static int actor_by_name(const char *by, const char *verb, struct actor *out)
{
    if (!by || !*by)
        return fail(EXIT_BAD, "%s needs --by NAME (or PRUDENT_TOKEN once users exist)", verb);
    if (strlen(by) >= ACTOR_NAME_MAX)
        return fail(EXIT_BAD, "--by is longer than %d characters", ACTOR_NAME_MAX - 1);
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", by);
    return EXIT_OK;
}

int actor_resolve(PGconn *c, int64_t authority_id, const char *token, const char *by, enum user_role needed,
                  const char *verb, struct actor *out)
{
    return actor_resolve_or(c, authority_id, token, by, NULL, needed, verb, out);
}

int actor_resolve_or(PGconn *c, int64_t authority_id, const char *token, const char *by, const char *default_by,
                     enum user_role needed, const char *verb, struct actor *out)
{
    int users = user_count_for(c, authority_id);
    if (users < 0)
        return EXIT_DEP;
    if (users == 0)
        return actor_by_name(by ? by : default_by, verb, out);
    if (!token || !*token)
        return fail(EXIT_NO, "%s: users exist for this authority, so the CLI acts as one: set PRUDENT_TOKEN to your"
                    " token (the API's; `prudent user token NAME` issues one)", verb);
    struct api_user u;
    int rc = user_by_token(c, token, &u);
    if (rc < 0)
        return EXIT_DEP;
    if (rc > 0)
        return fail(EXIT_NO, "%s: PRUDENT_TOKEN is not the token of an active user (revoked, pending or mistyped?)",
                    verb);
    if (by && strcmp(by, u.name) != 0)
        return fail(EXIT_BAD, "%s: --by \"%s\" is not the token's user %s: leave --by out or name yourself", verb,
                    by, u.name);
    int covers = authority_id ? user_covers(c, &u, authority_id) : 1;
    if (covers < 0)
        return EXIT_DEP;
    if (!covers)
        return fail(EXIT_NO, "%s: user %s does not cover this authority", verb, u.name);
    if (u.role < needed)
        return fail(EXIT_NO, "%s: this needs the %s role; user %s has %s", verb, user_role_name(needed), u.name,
                    user_role_name(u.role));
    actor_of_user(&u, out);
    return EXIT_OK;
}
