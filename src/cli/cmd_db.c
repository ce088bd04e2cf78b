/* cmd_db.c: `prudent db start|stop|status|url|psql` for the embedded cluster (`--admin`: as its
 * superuser, prudent_admin). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/cluster.h"
#include "store/db.h"
#include "store/migrate.h"
#include "util/err.h"

static int need_embedded(const char *sub)
{
    const char *env = getenv("PRUDENT_DB");
    if (env && *env && strcmp(sub, "url") != 0 && strcmp(sub, "psql") != 0)
        return fail(EXIT_BAD, "db %s manages the embedded database, but PRUDENT_DB is set", sub);
    return EXIT_OK;
}

static int db_start(struct cluster *cl)
{
    if (cluster_ensure(cl) < 0)
        return EXIT_DEP;
    PGconn *c = db_connect();
    if (!c)
        return EXIT_DEP;
    PQfinish(c);
    printf("database running in %s\n", cl->data);
    if (cluster_owner_superuser(cl) == 1)
        warning("this cluster predates prudent_admin: its owner prudent is a superuser that "
                "bypasses row-level security; docs/operations.md \"Moving the owner off the "
                "superuser\" says how to move");
    return EXIT_OK;
}

/* The connection string `db url` / `db psql` use: the owner's, or with admin the administrator's
 * (the owner's in a cluster made before prudent_admin, where it is the superuser). */
static void embedded_conninfo(const struct cluster *cl, bool admin, char *buf, size_t n)
{
    if (admin && cluster_owner_superuser(cl) != 1)
        cluster_admin_conninfo(cl, "prudent", buf, n);
    else
        cluster_conninfo(cl, "prudent", buf, n);
}

static int db_psql(struct cluster *cl, int argc, char **argv)
{
    char conninfo[1200], prog[CLUSTER_PATH + 16];
    const char *env = getenv("PRUDENT_DB");
    bool admin = argc > 0 && strcmp(argv[0], "--admin") == 0;
    if (admin) {
        argc--;
        argv++;
    }
    if (admin && env && *env)
        return fail(EXIT_BAD, "db psql --admin reaches the embedded database, "
                              "but PRUDENT_DB is set");
    if (env && *env) {
        snprintf(conninfo, sizeof conninfo, "%s", env);
        snprintf(prog, sizeof prog, "psql");
    } else {
        if (cluster_ensure(cl) < 0)
            return EXIT_DEP;
        embedded_conninfo(cl, admin, conninfo, sizeof conninfo);
        cluster_program(cl, "psql", prog, sizeof prog);
    }
    char **args = xcalloc((unsigned long)argc + 4, sizeof(char *));
    int n = 0;
    args[n++] = prog;
    args[n++] = "-d";
    args[n++] = conninfo;
    for (int i = 0; i < argc; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    fflush(stdout);
    execvp(prog, args);
    error("cannot run %s: %s", prog, strerror(errno));
    free(args);
    return EXIT_DEP;
}

const char *const cmd_db_usage[] = {
    "usage: prudent db start|stop|status|url [--admin]|psql [--admin] [PSQL-ARGS...]",
    "",
    "With PRUDENT_DB unset, prudent keeps a private PostgreSQL cluster under",
    "$PRUDENT_HOME/pg (default /var/lib/prudent for root, ~/.local/share/prudent",
    "otherwise), reached through a Unix socket only. Any verb starts it when needed.",
    "",
    "  start    create (first time) and start the cluster",
    "  stop     stop it (fast shutdown: open transactions are rolled back)",
    "  status   say whether it runs, where it lives, and the connection string",
    "  url      print the libpq connection string (for PRUDENT_DB or psql)",
    "  psql     open psql on the prudent database (extra arguments go to psql)",
    "",
    "Roles: url and psql log in as prudent, the owner of the database and of everything in",
    "it, as the CLI, the migrations and the service do; it is no superuser and does not",
    "bypass row-level security. --admin logs in as prudent_admin, the cluster's superuser",
    "(creating roles and databases, repairs); a cluster made before it existed has none, and",
    "there prudent is the superuser (docs/operations.md says how to move).",
    NULL,
};

int cmd_db(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    if (argc < 2)
        return cli_usage("db", "say start, stop, status, url or psql");
    const char *sub = argv[1];
    int rc = need_embedded(sub);
    if (rc != EXIT_OK)
        return rc;
    struct cluster cl;
    if (!(getenv("PRUDENT_DB") && *getenv("PRUDENT_DB")) && cluster_locate(&cl) < 0)
        return EXIT_DEP;
    if (strcmp(sub, "psql") == 0)
        return db_psql(&cl, argc - 2, argv + 2);
    bool admin = argc == 3 && strcmp(sub, "url") == 0 && strcmp(argv[2], "--admin") == 0;
    if (argc > 2 && !admin)
        return cli_usage("db", "unexpected argument \"%s\"", argv[2]);
    if (strcmp(sub, "start") == 0)
        return db_start(&cl);
    if (strcmp(sub, "stop") == 0) {
        if (cluster_stop(&cl) < 0)
            return EXIT_DEP;
        printf("database stopped\n");
        return EXIT_OK;
    }
    if (strcmp(sub, "status") == 0) {
        char conninfo[1200];
        bool up = cluster_running(&cl);
        cluster_conninfo(&cl, "prudent", conninfo, sizeof conninfo);
        printf("state:   %s\ndata:    %s\nsocket:  %s\nlog:     %s\nconnect: %s\n",
               up ? "running" : "stopped", cl.data, cl.sock, cl.log, conninfo);
        if (up) {
            embedded_conninfo(&cl, true, conninfo, sizeof conninfo);
            printf("admin:   %s\n", conninfo);
        }
        return EXIT_OK;
    }
    if (strcmp(sub, "url") == 0) {
        const char *env = getenv("PRUDENT_DB");
        if (env && *env && admin)
            return fail(EXIT_BAD, "db url --admin names the embedded database's administrator, "
                                  "but PRUDENT_DB is set");
        if (env && *env) {
            printf("%s\n", env);
            return EXIT_OK;
        }
        char conninfo[1200];
        embedded_conninfo(&cl, admin, conninfo, sizeof conninfo);
        printf("%s\n", conninfo);
        return EXIT_OK;
    }
    return cli_usage("db", "unknown subcommand \"%s\"", sub);
}

const char *const cmd_migrate_usage[] = {
    "usage: prudent migrate",
    "",
    "Applies each pending migration in sql/ (compiled into the program) in order, each in",
    "its own transaction, and records it. Every verb does this by itself on first use.",
    NULL,
};

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    if (argc > 1)
        return cli_usage("migrate", "unexpected argument \"%s\"", argv[1]);
    PGconn *c = db_connect_raw();
    if (!c)
        return EXIT_DEP;
    int n = migrate_apply(c, true);
    PQfinish(c);
    if (n < 0)
        return EXIT_DEP;
    printf("%d migration%s applied; schema is at version %d\n", n, n == 1 ? "" : "s",
           prudent_migrations_count ? prudent_migrations[prudent_migrations_count - 1].version : 0);
    return EXIT_OK;
}
