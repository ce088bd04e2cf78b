/* cmd_audit.c: `prudent audit verify` (is the hash-chained trail intact, and does it agree with
 * every signed anchor?), `prudent audit anchor` (sign the head into the anchor file), `prudent
 * audit key` (the anchor key's public half) and `prudent audit log` (the history of a deal, loan,
 * counterparty or anything else, oldest first). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/audit_anchor.h"
#include "store/db.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"

/* Where the key and the anchor file are (options, variables, defaults). */
struct anchor_files {
    const char *key_opt, *anchors_opt;
    char key[ANCHOR_PATH], anchors[ANCHOR_PATH];
    bool named; /* the anchor file was named: it must exist */
};

static void verify_json(const struct audit_check *chk, const struct anchor_check *anc, const char *anchors)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddBoolToObject(doc, "intact", chk->bad == 0 && anc->bad == 0);
    cJSON_AddNumberToObject(doc, "rows", (double)chk->rows);
    cJSON_AddNumberToObject(doc, "bad_rows", (double)chk->bad);
    if (chk->bad) {
        cJSON_AddNumberToObject(doc, "first_bad_seq", (double)chk->first_bad_seq);
        cJSON_AddStringToObject(doc, "problem", chk->first_problem);
    }
    cJSON_AddStringToObject(doc, "head", chk->head_hex);
    cJSON *a = cJSON_AddObjectToObject(doc, "anchors");
    cJSON_AddStringToObject(a, "file", anchors);
    cJSON_AddNumberToObject(a, "checked", (double)anc->checked);
    cJSON_AddNumberToObject(a, "bad", (double)anc->bad);
    cJSON_AddNumberToObject(a, "other_databases", (double)anc->ignored);
    if (anc->bad) {
        cJSON_AddNumberToObject(a, "first_bad_line", (double)anc->first_bad_line);
        cJSON_AddStringToObject(a, "problem", anc->first_problem);
    } else if (anc->checked) {
        cJSON_AddNumberToObject(a, "latest_seq", (double)anc->latest_seq);
        cJSON_AddStringToObject(a, "latest_at", anc->latest_at);
    }
    json_print(stdout, doc);
    cJSON_Delete(doc);
}

static int audit_verify_cmd(struct cli *cli, struct anchor_files *af, bool json)
{
    struct audit_check chk;
    struct anchor_check anc;
    if (audit_verify(cli->db, &chk) < 0 ||
        audit_anchor_check(cli->db, af->key, af->anchors, af->named, &anc) < 0)
        return EXIT_DEP;
    if (json)
        verify_json(&chk, &anc, af->anchors);
    if (chk.bad) {
        error("audit trail broken at seq %ld: %s", chk.first_bad_seq, chk.first_problem);
        detail("%ld of %ld rows fail a check", chk.bad, chk.rows);
    }
    if (anc.bad) {
        error("audit trail does not match its anchors: %s", anc.first_problem);
        detail("%ld of %ld anchors in %s fail", anc.bad, anc.checked, af->anchors);
    }
    if (chk.bad || anc.bad)
        return EXIT_NO;
    if (!json)
        printf("audit trail intact: %ld rows, head %s\n", chk.rows, chk.head_hex[0] ? chk.head_hex : "(empty)");
    if (!json && anc.checked)
        printf("anchors: %ld verified in %s, the latest at seq %ld (%s)\n", anc.checked, af->anchors,
               anc.latest_seq, anc.latest_at);
    return EXIT_OK;
}

static int audit_anchor_cmd(struct cli *cli, struct anchor_files *af)
{
    char line[800];
    if (audit_anchor_write(cli->db, af->key, af->anchors, line, sizeof line) < 0)
        return EXIT_DEP;
    printf("anchored in %s:\n%s", af->anchors, line);
    return EXIT_OK;
}

static int audit_key_cmd(struct anchor_files *af)
{
    char pub[65];
    if (audit_anchor_public_key(af->key, pub) < 0)
        return EXIT_DEP;
    printf("%s\n", pub);
    return EXIT_OK;
}

static int audit_log_cmd(struct cli *cli, const char *key, const char *entity, const char *authority,
                         int limit, bool json)
{
    struct rows *r = audit_entries(cli->db, key, entity, authority, limit);
    if (!r)
        return EXIT_DEP;
    int n = rows_count(r);
    if (json) {
        cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "entries");
        for (int i = 0; i < n; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "seq", (double)rows_int(r, i, "seq"));
            cJSON_AddStringToObject(o, "at", rows_get(r, i, "at"));
            cJSON_AddStringToObject(o, "actor", rows_get(r, i, "actor"));
            static const char *const texts[] = {"authority", "entity", "entity_key", "action", "reason"};
            for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
                if (rows_isnull(r, i, texts[k]))
                    cJSON_AddNullToObject(o, texts[k]);
                else
                    cJSON_AddStringToObject(o, texts[k], rows_get(r, i, texts[k]));
            cJSON_AddItemToObject(o, "before", rows_isnull(r, i, "before") ? cJSON_CreateNull() : cJSON_Parse(rows_get(r, i, "before")));
            cJSON_AddItemToObject(o, "after", rows_isnull(r, i, "after") ? cJSON_CreateNull() : cJSON_Parse(rows_get(r, i, "after")));
            cJSON_AddItemToArray(arr, o);
        }
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else if (n == 0) {
        printf("no audit entries match\n");
    } else {
        struct table *t = table_new(7, "Seq", "When", "Who", "Authority", "What", "Action", "Reason");
        table_align_right(t, 0);
        for (int i = 0; i < n; i++) {
            char what[200];
            snprintf(what, sizeof what, "%s %s", rows_get(r, i, "entity"), rows_get(r, i, "entity_key"));
            table_row(t, rows_get(r, i, "seq"), rows_get(r, i, "at"), rows_get(r, i, "actor"),
                      rows_get(r, i, "authority"), what, rows_get(r, i, "action"), rows_get(r, i, "reason"));
        }
        table_print(t, stdout);
        table_free(t);
    }
    rows_free(r);
    return EXIT_OK;
}

const char *const cmd_audit_usage[] = {
    "usage: prudent audit verify [--key FILE] [--anchors FILE] [--json]",
    "       prudent audit anchor [--key FILE] [--anchors FILE]",
    "       prudent audit key [--key FILE]",
    "       prudent audit log [KEY] [--entity ENTITY] [--authority CODE] [--limit N] [--json]",
    "",
    "Every change (deals, loans, counterparties, ratings, strategies, restrictions, users)",
    "is recorded with who, when, what, before and after, in an append-only table whose",
    "rows are chained by SHA-256: each row's hash covers its contents and the previous",
    "row's hash.",
    "",
    "  verify   recompute the chain and check it against every anchor of this database in",
    "           the anchor file; exit 0 when intact, 1 when a row was edited, deleted or",
    "           removed from the end, or the trail was rewritten with its hashes recomputed,",
    "           cut back or emptied since an anchor (the first broken row or anchor is named)",
    "  anchor   sign the trail's head (rows, last seq, id and hash, the time) with the",
    "           Ed25519 key and append the line to the anchor file (`prudent serve` does it",
    "           on a schedule and after changes: docs/operations.md)",
    "  key      print the anchor key's public key (hex); the key is made on first use",
    "  log      the history, oldest first (the last N entries; default 200), optionally of",
    "           one KEY (a deal ref or counterparty code) or ENTITY (deal, loan, counterparty,",
    "           rating, strategy, user, authority...)",
    "",
    "  --key FILE      the signing key, kept outside the database (default",
    "                  $PRUDENT_AUDIT_KEY, else $PRUDENT_HOME/audit/anchor.key, mode 0600)",
    "  --anchors FILE  the anchor file (default $PRUDENT_AUDIT_ANCHORS, else",
    "                  $PRUDENT_HOME/audit/anchors); keep a copy where the database's",
    "                  administrators cannot write",
    "",
    "example: prudent audit log D2018-041 --entity deal",
    NULL,
};

int cmd_audit(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"entity", required_argument, NULL, 'e'}, {"authority", required_argument, NULL, 'a'},
        {"limit", required_argument, NULL, 'l'},  {"json", no_argument, NULL, 'j'},
        {"key", required_argument, NULL, 'k'},    {"anchors", required_argument, NULL, 'A'},
        {0, 0, 0, 0}};
    struct anchor_files af = {0};
    const char *entity = NULL, *authority = NULL;
    int limit = 200, ch, rc = EXIT_OK;
    bool json = false;
    optind = 1;
    while ((ch = cli_getopt("audit", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'e': entity = optarg; break;
        case 'a': authority = optarg; break;
        case 'l': rc = cli_int("--limit", optarg, 1, 1000000, &limit); break;
        case 'j': json = true; break;
        case 'k': af.key_opt = optarg; break;
        case 'A': af.anchors_opt = optarg; break;
        }
    }
    if (rc != EXIT_OK)
        return rc;
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub)
        return cli_usage("audit", "say verify, anchor, key or log");
    bool anchoring = strcmp(sub, "verify") == 0 || strcmp(sub, "anchor") == 0 || strcmp(sub, "key") == 0;
    if (anchoring && optind + 1 < argc)
        return cli_usage("audit", "unexpected argument \"%s\"", argv[optind + 1]);
    if (anchoring && audit_anchor_paths(af.key_opt, af.anchors_opt, af.key, af.anchors, &af.named) < 0)
        return EXIT_BAD;
    if (strcmp(sub, "verify") == 0)
        return audit_verify_cmd(cli, &af, json);
    if (strcmp(sub, "anchor") == 0)
        return audit_anchor_cmd(cli, &af);
    if (strcmp(sub, "key") == 0)
        return audit_key_cmd(&af);
    if (strcmp(sub, "log") == 0) {
        if (optind + 2 < argc)
            return cli_usage("audit", "unexpected argument \"%s\"", argv[optind + 2]);
        return audit_log_cmd(cli, optind + 1 < argc ? argv[optind + 1] : NULL, entity, authority, limit, json);
    }
    return cli_usage("audit", "unknown subcommand \"%s\"", sub);
}
