/* main.c: bin/prudent's entry point: find the verb in the command table, answer --help, open the
 * database for verbs that need it, run the verb and exit with its code. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "alert/routes.h"
#include "cli/cli.h"
#include "store/db.h"
#include "util/err.h"

#define PRUDENT_VERSION "0.1.0"

/* How `prudent --help` groups the verbs, in the order a treasury team meets them. A verb of the
 * command table missing here is still listed, under "other", so a new verb is never hidden. */
static const struct verb_group {
    const char *title;
    const char *verbs[10];
} verb_groups[] = {
    {"setting up", {"authority", "import", "strategy", "user", "partnership", "predecessors", NULL}},
    {"dealing", {"check", "deal", "loan", "limits", "counterparty", NULL}},
    {"monitoring", {"recompute", "alerts", "feeds", "rates", "calendar", "loans", NULL}},
    {"the book and its figures",
     {"portfolio", "wam", "maturing", "debt", "interest", "indicators", "returns", NULL}},
    {"cash", {"position", "cashflow", "accounts", "reconcile", NULL}},
    {"capital (Prudential Code)", {"liability-benchmark", "mrp", NULL}},
    {"reports and audit", {"report", "audit", NULL}},
    {"running prudent", {"serve", "db", "migrate", NULL}},
};

static bool grouped(const char *name)
{
    for (size_t g = 0; g < sizeof verb_groups / sizeof verb_groups[0]; g++)
        for (const char *const *v = verb_groups[g].verbs; *v; v++)
            if (strcmp(*v, name) == 0)
                return true;
    return false;
}

static void list_verbs(FILE *f)
{
    for (size_t g = 0; g < sizeof verb_groups / sizeof verb_groups[0]; g++) {
        fprintf(f, "%s%s:\n", g ? "\n" : "", verb_groups[g].title);
        for (const char *const *v = verb_groups[g].verbs; *v; v++) {
            const struct command *c = command_find(*v);
            if (c)
                fprintf(f, "  %-12s %s\n", c->name, c->summary);
        }
    }
    bool header = false;
    for (const struct command *c = commands; c->name; c++) {
        if (grouped(c->name))
            continue;
        if (!header)
            fputs("\nother:\n", f);
        header = true;
        fprintf(f, "  %-12s %s\n", c->name, c->summary);
    }
}

static void usage(FILE *f)
{
    fputs("usage: prudent VERB [OPTIONS]\n"
          "\n"
          "prudent: treasury management and investment portfolio tracking for UK local\n"
          "authorities. Money is exact (pounds and pence), every figure is as at a date.\n"
          "\n",
          f);
    list_verbs(f);
    fputs("\n"
          "`prudent VERB --help` explains a verb and its options.\n"
          "Environment: PRUDENT_DB (libpq connection string; unset = embedded database),\n"
          "PRUDENT_HOME (where the embedded database lives), PRUDENT_AUTHORITY (default\n"
          "--authority), PRUDENT_TODAY (default --as-of date).\n"
          "Exit status: 0 success, 1 the answer is no (refused check, breach found),\n"
          "2 bad usage or input (nothing written), 3 a dependency failed (database, network).\n",
          f);
}

static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    }
    return false;
}

/* A one-shot verb keeps what it frees for its next allocation instead of handing it back to
 * the kernel: recompute and the imports free and allocate tens of megabytes a chunk of
 * authorities (libpq's results), and on a VM every page handed back and faulted in again costs
 * more than the work done in it (docs/performance.md: about a third of recompute's cpu). The
 * service sets its own (http/server.c serve_memory), so that its memory shrinks again after a
 * peak. */
static void keep_freed_memory(void)
{
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_BAD;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        const struct command *c = argc > 2 ? command_find(argv[2]) : NULL;
        if (c)
            command_usage(c, stdout);
        else
            usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("prudent %s\n", PRUDENT_VERSION);
        return EXIT_OK;
    }
    const struct command *cmd = command_find(argv[1]);
    if (!cmd) {
        error("unknown verb \"%s\"", argv[1]);
        detail("see `prudent --help` for the list of verbs");
        return EXIT_BAD;
    }
    if (wants_help(argc - 1, argv + 1)) {
        command_usage(cmd, stdout);
        return EXIT_OK;
    }
    struct cli cli = {0};
    alert_routes_install(); /* where raised alerts are queued: store/alert.h */
    if (cmd->flags & NEEDS_DB) {
        keep_freed_memory();
        /* the reporting views tolerate lag: PRUDENT_DB_READ's standby when set (store/db.h) */
        if (cmd->flags & AS_USER) { /* as PRUDENT_TOKEN's user: scoped.c */
            int rc = cli_connect_scoped(&cli, cmd->view != NULL);
            if (rc != EXIT_OK) {
                cli_disconnect(&cli);
                return rc;
            }
        } else if (!(cli.db = cmd->view ? db_connect_read() : db_connect())) {
            return EXIT_DEP;
        }
    }
    int rc = command_run(cmd, &cli, argc - 1, argv + 1);
    cli_disconnect(&cli);
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = fail(EXIT_DEP, "cannot write the output");
    return rc;
}
