/* cmd_alerts.c: `prudent alerts`: the listing (the "alerts" view) and its subcommands ack,
 * deliver, deliveries, channels, and the operator's test tools raise and resolve. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/channels.h"
#include "alert/deliver.h"
#include "cli/cli.h"
#include "store/alert.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/outbox.h"
#include "util/err.h"
#include "util/errcode.h"
#include "util/json.h"
#include "util/table.h"

static const char *const known_kinds[] = {
    "counterparty.over_limit", "counterparty.over_duration", "counterparty.suspended_exposure",
    "counterparty.not_approved_exposure", "group.over_limit", "country.over_limit",
    "indicator.breach", "indicator.warning", "feed.failed", "feed.stale", "deal.maturing",
    "loan.in_discount", NULL};

const char *const cmd_alerts_usage[] = {
    "usage: prudent alerts [--all] [--json] [--authority CODE] [--as-known-at TIME]",
    "       prudent alerts ack ID --by NAME [--authority CODE]",
    "       prudent alerts deliver [--limit N] [--retry-failed] [--json]",
    "       prudent alerts deliveries [--authority CODE] [--json]",
    "       prudent alerts channels [--authority CODE | --feed] [--json]",
    "       prudent alerts raise KIND SUBJECT [--authority CODE] [--details JSON] [--passive]",
    "       prudent alerts resolve KIND SUBJECT [--authority CODE]",
    "",
    "An alert is a breach or a warning found by the rules (counterparty.over_limit,",
    "counterparty.over_duration, counterparty.suspended_exposure,",
    "counterparty.not_approved_exposure, group.over_limit, country.over_limit,",
    "indicator.breach, indicator.warning, deal.maturing, loan.in_discount) or by the feeds (feed.failed,",
    "feed.stale; feed alerts belong to no authority and are listed with every one's).",
    "Its state is open, then acknowledged (by whom, when), then resolved when the",
    "condition clears. The same condition never opens a second alert while one is live.",
    "",
    "  (no subcommand)  list the open and acknowledged alerts; --all adds resolved ones;",
    "                   --json prints {\"alerts\": [{\"id\", \"kind\", \"subject\", \"state\",",
    "                   \"raised_at\", \"passive\", \"details\", ...}]}; --as-known-at TIME",
    "                   the alerts as they were then: raised by TIME, in their state",
    "                   and details of then (docs/as-known-at.md)",
    "  ack ID           acknowledge an open alert of this authority (or a feed alert);",
    "                   --by NAME is required; recorded in the audit trail",
    "  deliver          send the notifications that are due (log, webhook, e-mail),",
    "                   retrying failed ones later with exponential backoff; exit 1 if",
    "                   any attempt failed. --retry-failed first requeues deliveries that",
    "                   ran out of attempts. The service does this by itself.",
    "  deliveries       the notifications of this authority's alerts and their state",
    "  channels         check and show where alerts are delivered: the file",
    "                   $PRUDENT_CONFIG/alerts/CODE.json, else alerts/default.json, else",
    "                   a log line on stderr (PRUDENT_CONFIG defaults to bin/../config)",
    "  raise, resolve   operator tools for testing channels: open (or clear) an alert by",
    "                   hand, as the rules would; audited. --feed for feed.* kinds.",
    "",
    "See docs/alerts.md for the configuration and the retry policy.",
    "",
    "example: prudent alerts --authority WSX",
    "         prudent alerts ack 12 --by \"J. Smith\" --authority WSX",
    "         prudent alerts raise counterparty.over_limit TESTBANK --details '{\"limit\": \"1.00\"}'",
    NULL,
};

/* Options shared by the subcommands; each takes the ones it needs. */
struct sub_opts {
    const char *authority, *by, *details;
    bool json, feed, passive, retry_failed;
    int limit;
};

static int parse_sub(const char *sub, int argc, char **argv, const char *allowed, struct sub_opts *o)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"by", required_argument, NULL, 'b'},
        {"json", no_argument, NULL, 'j'},             {"feed", no_argument, NULL, 'f'},
        {"details", required_argument, NULL, 'd'},   {"passive", no_argument, NULL, 'p'},
        {"limit", required_argument, NULL, 'l'},     {"retry-failed", no_argument, NULL, 'r'},
        {0, 0, 0, 0}};
    char verb[64];
    snprintf(verb, sizeof verb, "alerts %s", sub);
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt(verb, argc, argv, ":", opts, &rc)) != -1) {
        if (!strchr(allowed, ch)) /* an option of another subcommand */
            return cli_usage(verb, "unknown option %s", argv[optind - 1]);
        switch (ch) {
        case 'a': o->authority = optarg; break;
        case 'b': o->by = optarg; break;
        case 'j': o->json = true; break;
        case 'f': o->feed = true; break;
        case 'd': o->details = optarg; break;
        case 'p': o->passive = true; break;
        case 'r': o->retry_failed = true; break;
        case 'l': rc = cli_int("--limit", optarg, 1, 1000000, &o->limit); break;
        }
    }
    return rc;
}

static int alerts_ack(struct cli *cli, int argc, char **argv)
{
    struct sub_opts o = {0};
    int rc = parse_sub("ack", argc, argv, "ab", &o);
    if (rc != EXIT_OK)
        return rc;
    if (optind != argc - 1)
        return cli_usage("alerts ack", "give one alert ID");
    char *end;
    long long id = strtoll(argv[optind], &end, 10);
    if (!*argv[optind] || *end || id <= 0)
        return fail(EXIT_BAD, "alert id \"%s\" is not a number", argv[optind]);
    if (o.by && strlen(o.by) > 200)
        return fail(EXIT_BAD, "--by is longer than 200 characters");
    struct authority a;
    if ((rc = cli_authority(cli, o.authority, &a)) != EXIT_OK)
        return rc;
    struct actor who;
    if ((rc = cli_actor(cli, &a, o.by, ROLE_DEALER, "alerts ack", &who)) != EXIT_OK)
        return rc;
    o.by = who.name;
    int res = alert_acknowledge(cli->db, a.id, id, o.by);
    switch (res) {
    case ALERT_ACKED: printf("alert %lld acknowledged by %s\n", id, o.by); return EXIT_OK;
    case ALERT_ACK_ALREADY:
        printf("alert %lld was acknowledged already; nothing changed\n", id);
        return EXIT_OK;
    case ALERT_ACK_UNKNOWN:
        return pr_fail(PR_ERR_NOT_FOUND, "no alert %lld for authority %s (see `prudent alerts --all`)", id, a.code);
    case ALERT_ACK_RESOLVED:
        return pr_fail(PR_ERR_RESOLVED, "alert %lld is resolved: there is nothing to acknowledge", id);
    default: return EXIT_DEP;
    }
}

static int alerts_deliver(struct cli *cli, int argc, char **argv)
{
    struct sub_opts o = {0};
    int rc = parse_sub("deliver", argc, argv, "ljr", &o);
    if (rc != EXIT_OK)
        return rc;
    if (optind != argc)
        return cli_usage("alerts deliver", "unexpected argument \"%s\"", argv[optind]);
    int requeued = 0;
    if (o.retry_failed && (requeued = alerts_requeue_failed(cli->db, 0)) < 0)
        return EXIT_DEP;
    struct deliver_stats st = {0};
    int n = alerts_deliver_run(cli->db, o.limit, &st);
    if (n < 0)
        return EXIT_DEP;
    if (o.json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddNumberToObject(doc, "attempted", n);
        cJSON_AddNumberToObject(doc, "delivered", st.delivered);
        cJSON_AddNumberToObject(doc, "retrying", st.retrying);
        cJSON_AddNumberToObject(doc, "failed", st.failed);
        cJSON_AddNumberToObject(doc, "requeued", requeued);
        struct outbox_stats ob;
        if (alerts_outbox_stats(cli->db, &ob) < 0) {
            cJSON_Delete(doc);
            return EXIT_DEP;
        }
        cJSON *o2 = cJSON_AddObjectToObject(doc, "outbox");
        cJSON_AddNumberToObject(o2, "pending", (double)ob.pending);
        cJSON_AddNumberToObject(o2, "due", (double)ob.due);
        cJSON_AddNumberToObject(o2, "failed", (double)ob.failed);
        cJSON_AddNumberToObject(o2, "delivered", (double)ob.delivered);
        json_add_2dp(o2, "oldest_due_seconds", ob.oldest_due_seconds);
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else {
        if (o.retry_failed)
            printf("%d failed deliveries requeued\n", requeued);
        printf("%d delivered, %d to retry, %d failed\n", st.delivered, st.retrying, st.failed);
    }
    /* The run worked; a delivery that failed is the answer "no", like a refused check. */
    return st.retrying || st.failed ? EXIT_NO : EXIT_OK;
}

static int alerts_deliveries(struct cli *cli, int argc, char **argv)
{
    struct sub_opts o = {0};
    int rc = parse_sub("deliveries", argc, argv, "aj", &o);
    if (rc != EXIT_OK)
        return rc;
    struct authority a;
    if ((rc = cli_authority(cli, o.authority, &a)) != EXIT_OK)
        return rc;
    struct rows *r = outbox_list(cli->db, a.id);
    if (!r)
        return EXIT_DEP;
    if (o.json) {
        cJSON *doc = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(doc, "deliveries");
        for (int i = 0; i < rows_count(r); i++) {
            cJSON *d = cJSON_CreateObject();
            cJSON_AddNumberToObject(d, "id", (double)rows_int(r, i, "id"));
            cJSON_AddNumberToObject(d, "alert_id", (double)rows_int(r, i, "alert_id"));
            const char *cols[] = {"event", "channel", "channel_name", "target", "state"};
            for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
                cJSON_AddStringToObject(d, cols[k], rows_get(r, i, cols[k]));
            cJSON_AddNumberToObject(d, "attempts", (double)rows_int(r, i, "attempts"));
            cJSON_AddNumberToObject(d, "max_attempts", (double)rows_int(r, i, "max_attempts"));
            const char *opt[] = {"next_attempt_at", "delivered_at", "last_error"};
            for (size_t k = 0; k < 3; k++) {
                if (rows_isnull(r, i, opt[k]) || !*rows_get(r, i, opt[k]))
                    cJSON_AddNullToObject(d, opt[k]);
                else
                    cJSON_AddStringToObject(d, opt[k], rows_get(r, i, opt[k]));
            }
            cJSON_AddItemToArray(list, d);
        }
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else {
        struct table *t = table_new(8, "ID", "Alert", "Event", "Channel", "State", "Attempts",
                                    "Next attempt (UTC)", "Last error");
        for (int i = 0; i < rows_count(r); i++) {
            char ch[200], att[32];
            snprintf(ch, sizeof ch, "%s (%s)", rows_get(r, i, "channel_name"), rows_get(r, i, "channel"));
            snprintf(att, sizeof att, "%s/%s", rows_get(r, i, "attempts"), rows_get(r, i, "max_attempts"));
            bool pending = strcmp(rows_get(r, i, "state"), "pending") == 0;
            table_row(t, rows_get(r, i, "id"), rows_get(r, i, "alert_id"), rows_get(r, i, "event"), ch,
                      rows_get(r, i, "state"), att, pending ? rows_get(r, i, "next_attempt_at") : "",
                      rows_get(r, i, "last_error"));
        }
        table_print(t, stdout);
        table_free(t);
    }
    rows_free(r);
    return EXIT_OK;
}

static int alerts_channels(struct cli *cli, int argc, char **argv)
{
    struct sub_opts o = {0};
    int rc = parse_sub("channels", argc, argv, "afj", &o);
    if (rc != EXIT_OK)
        return rc;
    struct authority a = {0};
    if (!o.feed && (rc = cli_authority(cli, o.authority, &a)) != EXIT_OK)
        return rc;
    struct alert_config cfg;
    char err[1024], dir[4096];
    if (alert_config_load(o.feed ? NULL : a.code, &cfg, err, sizeof err) < 0) {
        fail(EXIT_BAD, "%s", err);
        detail("configuration directory: %s", alert_config_dir(dir, sizeof dir));
        return EXIT_BAD;
    }
    if (o.json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "origin", cfg.origin);
        cJSON *list = cJSON_AddArrayToObject(doc, "channels");
        for (int i = 0; i < cfg.n; i++) {
            const struct alert_channel *ch = &cfg.channels[i];
            cJSON *c = cJSON_CreateObject();
            cJSON_AddStringToObject(c, "name", ch->name);
            cJSON_AddStringToObject(c, "type", ch->type_name);
            cJSON_AddStringToObject(c, "target", ch->target);
            const cJSON *kinds = cJSON_GetObjectItemCaseSensitive(ch->settings, "kinds");
            cJSON_AddItemToObject(c, "kinds", kinds ? cJSON_Duplicate(kinds, true) : cJSON_CreateNull());
            cJSON_AddBoolToObject(c, "raised", ch->on_raised);
            cJSON_AddBoolToObject(c, "resolved", ch->on_resolved);
            cJSON_AddNumberToObject(c, "max_attempts", ch->max_attempts);
            cJSON_AddNumberToObject(c, "backoff_seconds", ch->backoff_seconds);
            cJSON_AddNumberToObject(c, "max_backoff_seconds", ch->max_backoff_seconds);
            cJSON_AddItemToArray(list, c);
        }
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else {
        if (strcmp(cfg.origin, "built-in") == 0)
            printf("alerts of %s: no alerts/%s.json nor alerts/default.json in %s, so the built-in"
                   " channel:\n", o.feed ? "feeds" : a.code, o.feed ? "default" : a.code,
                   alert_config_dir(dir, sizeof dir));
        else
            printf("alerts of %s: channels from %s\n", o.feed ? "feeds" : a.code, cfg.origin);
        struct table *t = table_new(6, "Name", "Type", "Target", "Kinds", "Events", "Retry");
        for (int i = 0; i < cfg.n; i++) {
            const struct alert_channel *ch = &cfg.channels[i];
            char retry[96];
            snprintf(retry, sizeof retry, "%d attempts, %ds doubling to %ds", ch->max_attempts,
                     ch->backoff_seconds, ch->max_backoff_seconds);
            char kinds[512] = "";
            const cJSON *k, *list = cJSON_GetObjectItemCaseSensitive(ch->settings, "kinds");
            cJSON_ArrayForEach(k, list)
            {
                snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s%s",
                         kinds[0] ? ", " : "", k->valuestring);
            }
            table_row(t, ch->name, ch->type_name, ch->target, list ? kinds : "all",
                      ch->on_raised && ch->on_resolved ? "raised, resolved"
                      : ch->on_raised                  ? "raised"
                      : ch->on_resolved                ? "resolved"
                                                       : "none",
                      retry);
        }
        table_print(t, stdout);
        table_free(t);
    }
    alert_config_free(&cfg);
    return EXIT_OK;
}

/* raise and resolve: operator tools for testing channels end to end. */
static int alerts_raise_resolve(struct cli *cli, bool raise, int argc, char **argv)
{
    const char *sub = raise ? "raise" : "resolve";
    char verb[32];
    snprintf(verb, sizeof verb, "alerts %s", sub);
    struct sub_opts o = {0};
    int rc = parse_sub(sub, argc, argv, raise ? "afdpbj" : "afb", &o);
    if (rc != EXIT_OK)
        return rc;
    if (optind != argc - 2)
        return cli_usage(verb, "give KIND and SUBJECT");
    const char *kind = argv[optind], *subject = argv[optind + 1];
    bool known = false;
    for (const char *const *k = known_kinds; *k; k++)
        known = known || strcmp(*k, kind) == 0;
    if (!known)
        return fail(EXIT_BAD, "unknown alert kind \"%s\" (see `prudent alerts --help`)", kind);
    if (!*subject || strlen(subject) > 200)
        return fail(EXIT_BAD, "the subject must be 1-200 characters");
    bool feed = strncmp(kind, "feed.", 5) == 0;
    if (o.feed && !feed)
        return fail(EXIT_BAD, "--feed is for feed.* alerts, which belong to no authority");
    struct authority a = {0};
    if (!feed && (rc = cli_authority(cli, o.authority, &a)) != EXIT_OK)
        return rc;
    cJSON *details = NULL;
    if (o.details && !(details = cJSON_Parse(o.details)))
        return fail(EXIT_BAD, "--details is not JSON");
    if (details && !cJSON_IsObject(details)) {
        cJSON_Delete(details);
        return fail(EXIT_BAD, "--details must be a JSON object");
    }
    const char *by = o.by ? o.by : audit_cli_actor();
    int64_t id = 0;
    bool created = false;
    int n = 0;
    /* The alert (with its notifications) and the audit entry land together. */
    rc = db_begin(cli->db);
    if (rc == 0 && raise) {
        rc = alert_raise(cli->db, a.id, kind, subject, details, o.passive, &id, &created);
    } else if (rc == 0) {
        n = alert_resolve(cli->db, a.id, kind, subject);
        rc = n < 0 ? -1 : 0;
    }
    char key[300];
    if (raise)
        snprintf(key, sizeof key, "%lld", (long long)id);
    else
        snprintf(key, sizeof key, "%s %s", kind, subject);
    if (rc == 0 && (raise ? created : n > 0))
        rc = audit_record(cli->db, by, a.id, "alert", key, sub, NULL, details, "operator test tool");
    cJSON_Delete(details);
    if (rc < 0 || db_commit(cli->db) < 0) {
        db_rollback(cli->db);
        return EXIT_DEP;
    }
    if (!raise) {
        printf(n ? "resolved %s %s\n" : "no live alert %s %s: nothing resolved\n", kind, subject);
        return EXIT_OK;
    }
    if (o.json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddNumberToObject(doc, "id", (double)id);
        cJSON_AddBoolToObject(doc, "created", created);
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else {
        printf("%s alert %lld: %s %s\n", created ? "raised" : "refreshed live", (long long)id, kind,
               subject);
    }
    return EXIT_OK;
}

int cmd_alerts(struct cli *cli, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";
    /* the list and ack are an officer's daily work: as PRUDENT_TOKEN's user (scoped.c); the
     * rest (delivery, channels, the raise/resolve test tool) are the operator's */
    bool as_user = strcmp(sub, "ack") == 0 || !*sub || *sub == '-';
    int rc = as_user ? cli_connect_scoped(cli, false) : EXIT_OK;
    if (rc != EXIT_OK)
        return rc;
    if (strcmp(sub, "ack") == 0)
        return alerts_ack(cli, argc - 1, argv + 1);
    if (strcmp(sub, "deliver") == 0)
        return alerts_deliver(cli, argc - 1, argv + 1);
    if (strcmp(sub, "deliveries") == 0)
        return alerts_deliveries(cli, argc - 1, argv + 1);
    if (strcmp(sub, "channels") == 0)
        return alerts_channels(cli, argc - 1, argv + 1);
    if (strcmp(sub, "raise") == 0)
        return alerts_raise_resolve(cli, true, argc - 1, argv + 1);
    if (strcmp(sub, "resolve") == 0)
        return alerts_raise_resolve(cli, false, argc - 1, argv + 1);
    if (*sub && *sub != '-')
        return cli_usage("alerts", "unknown subcommand \"%s\"", sub);
    return cli_run_view(cli, "alerts", argc, argv);
}
