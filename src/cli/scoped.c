/* scoped.c: the CLI acting through the request role (issue 19, docs/hardening.md "Database
 * roles"): with PRUDENT_TOKEN set, a verb's work runs as an API request's does, on a prudent_app
 * connection granted the token's user and the authorities the user covers, under SET ROLE
 * prudent_service, so row-level security limits it and audit rows name that user. The owner's
 * connection stays open beside it for what only the owner reads (users, tokens) and writes (the
 * grant). See cli_connect_scoped in cli.h. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/db.h"
#include "store/scope.h"
#include "util/err.h"

#define APP_ROLE "prudent_app"

static const char *token_of_env(void)
{
    const char *t = getenv("PRUDENT_TOKEN");
    return t && *t ? t : NULL;
}

/* The scope on a connection logged in as the owner, which drops to prudent_service for the
 * session with the scope in its settings (the service's way before sql/185, and still its way
 * on PRUDENT_DB_READ's standby, where the owner's grant would not be seen). Returns the
 * connection (the caller owns it) or NULL after printing why. */
static PGconn *owner_scoped(PGconn *c, const char *ids, const char *user)
{
    if (c && scope_set(c, ids, user, false, false) < 0) {
        PQfinish(c);
        return NULL;
    }
    return c;
}

/* A prudent_app connection granted ids and user by the owner's connection and in the role
 * prudent_service for the session; NULL with *why filled when prudent_app cannot log in; NULL
 * with why empty after printing why when the grant or the role failed. */
static PGconn *app_scoped(PGconn *owner, const char *ids, const char *user, char *why, size_t n)
{
    char info[1024];
    if (db_conninfo(info, sizeof info) < 0)
        return NULL;
    PGconn *app = db_connect_as(info, APP_ROLE, why, n);
    if (!app)
        return NULL;
    *why = '\0';
    if (scope_grant(owner, PQbackendPID(app), ids, user) < 0) {
        PQfinish(app);
        return NULL;
    }
    if (scope_enter(app, false) < 0) {
        error("cannot take the request role prudent_service as " APP_ROLE);
        scope_revoke(owner, PQbackendPID(app));
        PQfinish(app);
        return NULL;
    }
    return app;
}

/* The user of token (EXIT_OK), or EXIT_NO / EXIT_DEP after printing why. */
static int token_user(PGconn *owner, const char *token, struct api_user *u)
{
    int rc = user_by_token(owner, token, u);
    if (rc < 0)
        return EXIT_DEP;
    if (rc > 0)
        return fail(EXIT_NO, "PRUDENT_TOKEN is not the token of an active user (revoked, pending or mistyped?)");
    return EXIT_OK;
}

int cli_connect_scoped(struct cli *cli, bool read)
{
    const char *token = token_of_env();
    /* without a token a reporting verb reads where it did (PRUDENT_DB_READ when set) */
    if (!cli->db && !(cli->db = read && !token ? db_connect_read() : db_connect()))
        return EXIT_DEP;
    if (!token)
        return EXIT_OK; /* no users yet (a first evaluation): the owner's connection, as before */
    int users = user_count_for(cli->db, 0);
    if (users < 0)
        return EXIT_DEP;
    if (users == 0)
        return EXIT_OK; /* no users at all: the token can name no one, --by is taken as given */
    int rc = token_user(cli->db, token, &cli->user);
    if (rc != EXIT_OK)
        return rc;
    char ids[4096];
    if (scope_user_authorities(cli->db, cli->user.id, cli->user.all_authorities, ids, sizeof ids) < 0)
        return EXIT_DEP;
    PGconn *scoped;
    if (read && db_read_conninfo()) {
        scoped = owner_scoped(db_connect_read(), ids, cli->user.name);
    } else {
        char why[512] = "";
        scoped = app_scoped(cli->db, ids, cli->user.name, why, sizeof why);
        if (!scoped && *why) {
            warning("acting on the owner's connection in role prudent_service (SQL on it could leave that role): "
                    APP_ROLE " cannot log in: %s (docs/hardening.md, Database roles)", why);
            scoped = owner_scoped(db_connect(), ids, cli->user.name);
        } else if (scoped) {
            cli->app_pid = PQbackendPID(scoped);
        }
    }
    if (!scoped)
        return EXIT_DEP;
    cli->owner = cli->db;
    cli->db = scoped;
    return EXIT_OK;
}

void cli_disconnect(struct cli *cli)
{
    if (cli->owner && cli->app_pid)
        scope_revoke(cli->owner, cli->app_pid);
    if (cli->db)
        PQfinish(cli->db);
    if (cli->owner)
        PQfinish(cli->owner);
    cli->db = cli->owner = NULL;
    cli->app_pid = 0;
}

PGconn *cli_owner_db(const struct cli *cli)
{
    return cli->owner ? cli->owner : cli->db;
}

int cli_scoped_authority(struct cli *cli, const char *code, struct authority *out)
{
    if (!code || !*code)
        code = getenv("PRUDENT_AUTHORITY");
    if (!code || !*code) /* the only authority the user covers (row-level security) */
        return authority_resolve(cli->db, NULL, out);
    int rc = authority_resolve(cli->owner, code, out);
    if (rc != EXIT_OK)
        return rc;
    int covers = user_covers(cli->owner, &cli->user, out->id);
    if (covers < 0)
        return EXIT_DEP;
    if (!covers)
        return fail(EXIT_NO, "PRUDENT_TOKEN's user %s does not cover authority %s", cli->user.name, code);
    return EXIT_OK;
}
