/* cmd_check.c: `prudent check --counterparty C --amount A --maturity D [--start D] [--type T]`:
 * the pre-deal check (service/deal.c deal_check): exit 0 allowed, 1 refused (every reason
 * given), 2 bad input or an unknown counterparty. */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/deal.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"

void cli_print_deal_error(const cJSON *doc)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(doc, "error");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "message");
    if (cJSON_IsString(m))
        error("%s", m->valuestring);
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(doc, "reasons"))
    {
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(r, "kind");
        const cJSON *msg = cJSON_GetObjectItemCaseSensitive(r, "message");
        detail("%s: %s", cJSON_IsString(k) ? k->valuestring : "?", cJSON_IsString(msg) ? msg->valuestring : "");
    }
}

void cli_print_deal_failure(int rc, const cJSON *doc, bool json, const char *what)
{
    if (rc == EXIT_NO && cJSON_GetObjectItemCaseSensitive(doc, "reasons")) {
        error("%s refused: it would breach the lending list", what);
        cli_print_deal_error(doc);
        if (json)
            json_print(stdout, doc);
    } else if (doc) {
        cli_print_deal_error(doc);
    }
}

const char *const cmd_check_usage[] = {
    "usage: prudent check --counterparty C --amount A --maturity D [--start D] [--type T]",
    "                     [--notice-days N] [--as-of D] [--authority CODE] [--json]",
    "",
    "Judges a deal against the lending list at the as-of date, counting every deal already",
    "booked (pending ones too) on each day of the new deal's life. Prints",
    "{\"allowed\", \"reasons\": [{\"kind\", \"subject\", \"message\", ...}], \"status\", \"limit\", ...}.",
    "Exit 0 allowed, 1 refused (every reason is given), 2 bad input or unknown counterparty.",
    "",
    "  --start D   default the as-of date     --type T   default fixed",
    "  --maturity  required for dated types (not for call, mmf, notice, pooled)",
    "",
    "example: prudent check --counterparty BARCLAYS --amount 5000000 --maturity 2018-09-30 --json",
    NULL,
};

int cmd_check(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'},  {"counterparty", required_argument, NULL, 'c'},
        {"amount", required_argument, NULL, 'm'},     {"maturity", required_argument, NULL, 'M'},
        {"start", required_argument, NULL, 's'},      {"type", required_argument, NULL, 't'},
        {"notice-days", required_argument, NULL, 'n'}, {"as-of", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},             {0, 0, 0, 0}};
    struct deal_request r = {.type = INV_FIXED, .start = DATE_NONE, .maturity = DATE_NONE, .notice_days = -1,
                             .as_of = clock_today(), .by = "check"};
    const char *authority = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("check", argc, argv, ":", opts, &rc)) != -1) {
        switch (ch) {
        case 'a': authority = optarg; break;
        case 'c': r.counterparty = optarg; break;
        case 'm': rc = cli_money("--amount", optarg, &r.amount); break;
        case 'M': rc = cli_date("--maturity", optarg, &r.maturity); break;
        case 's': rc = cli_date("--start", optarg, &r.start); break;
        case 't':
            if (!inv_type_parse(optarg, &r.type))
                rc = fail(EXIT_BAD, "--type \"%s\" is not an investment type", optarg);
            break;
        case 'n': rc = cli_int("--notice-days", optarg, 0, 3650, &r.notice_days); break;
        case 'd': rc = cli_date("--as-of", optarg, &r.as_of); break;
        case 'j': json = true; break;
        }
    }
    if (rc != EXIT_OK || (rc = cli_no_operands("check", argc, argv)) != EXIT_OK)
        return rc;
    if (!r.counterparty || !r.amount)
        return cli_usage("check", "--counterparty and --amount are required");
    struct authority a;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    cJSON *doc = NULL;
    rc = deal_check(cli->db, &a, &r, &doc);
    if (rc == EXIT_OK || rc == EXIT_NO) {
        if (json) {
            json_print(stdout, doc);
        } else {
            const cJSON *b = cJSON_GetObjectItemCaseSensitive(doc, "basis");
            printf("%s: %s\n", rc == EXIT_OK ? "allowed" : "refused", cJSON_IsString(b) ? b->valuestring : "");
            const cJSON *x;
            cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(doc, "reasons"))
            printf("  %s: %s\n", cJSON_GetObjectItemCaseSensitive(x, "kind")->valuestring,
                   cJSON_GetObjectItemCaseSensitive(x, "message")->valuestring);
        }
    } else if (doc) {
        cli_print_deal_error(doc);
    }
    cJSON_Delete(doc);
    return rc;
}
