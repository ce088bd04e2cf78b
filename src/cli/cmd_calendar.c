/* cmd_calendar.c: `prudent calendar holidays --from D --to D [--json]`,
 * `prudent calendar next-business-day D [--json]` and `prudent calendar settlement-date D`
 * (England and Wales; core/calendar.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h> /* optind */

#include "cli/cli.h"
#include "core/calendar.h"
#include "store/rates.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"

static int holidays(const struct calendar *cal, date_t from, date_t to, bool json)
{
    if (from > to)
        return fail(EXIT_BAD, "--from is after --to");
    if (to - from > 366 * 200)
        return fail(EXIT_BAD, "the period is longer than 200 years");
    int n = calendar_holidays(cal, from, to, NULL, 0);
    struct holiday *h = xcalloc((unsigned long)(n ? n : 1), sizeof *h);
    calendar_holidays(cal, from, to, h, n);
    if (json) {
        cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "holidays");
        for (int i = 0; i < n; i++) {
            cJSON *o = cJSON_CreateObject();
            json_add_date(o, "date", h[i].date);
            cJSON_AddStringToObject(o, "title", h[i].title);
            cJSON_AddStringToObject(o, "source", h[i].builtin ? "built-in" : "feed");
            cJSON_AddItemToArray(arr, o);
        }
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else {
        struct table *t = table_new(3, "Date", "Holiday", "Source");
        for (int i = 0; i < n; i++) {
            char d[DATE_BUFSZ];
            table_row(t, date_format_iso(h[i].date, d), h[i].title, h[i].builtin ? "built-in" : "feed");
        }
        if (n)
            table_print(t, stdout);
        else
            printf("no bank holidays in the period\n");
        table_free(t);
    }
    free(h);
    return EXIT_OK;
}

/* next-business-day, or with settle the modified-following settlement date */
static int one_date(const struct calendar *cal, const char *arg, bool settle, bool json)
{
    date_t d;
    if (cli_date("DATE", arg, &d) != EXIT_OK)
        return EXIT_BAD;
    date_t next = settle ? calendar_modified_following(cal, d) : calendar_next_business_day(cal, d);
    char b[DATE_BUFSZ];
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        json_add_date(doc, "date", d);
        json_add_date(doc, settle ? "settlement_date" : "next_business_day", next);
        json_print(stdout, doc);
        cJSON_Delete(doc);
    } else {
        printf("%s\n", date_format_iso(next, b));
    }
    return EXIT_OK;
}

const char *const cmd_calendar_usage[] = {
    "usage: prudent calendar holidays [--from DATE] [--to DATE] [--json]",
    "       prudent calendar next-business-day DATE [--json]",
    "       prudent calendar settlement-date DATE [--json]",
    "",
    "Business days are Monday to Friday except England and Wales bank holidays: those",
    "the GOV.UK feed stored, and for years it does not cover a built-in table computed",
    "by rule (Easter, May, August, Christmas with substitute days, and the one-offs).",
    "",
    "  holidays            list the holidays from..to (default: this calendar year)",
    "  --json              {\"holidays\": [{\"date\", \"title\", \"source\"}]}",
    "  next-business-day   print the first business day after DATE",
    "  settlement-date     when a payment due on DATE settles: DATE if a business day,",
    "                      else the next one unless that is in the next month, then",
    "                      the one before (modified following)",
    "",
    "example: prudent calendar next-business-day 2022-09-16    (prints 2022-09-20)",
    NULL,
};

int cmd_calendar(struct cli *cli, int argc, char **argv)
{
    date_t today = clock_today();
    struct period_opts po = {DATE_NONE, DATE_NONE, false};
    if (cli_period_opts("calendar", argc, argv, &po) != EXIT_OK)
        return EXIT_BAD;
    date_t from = po.from, to = po.to;
    bool json = po.json;
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (!sub)
        return cli_usage("calendar", "say holidays or next-business-day");
    bool hol = strcmp(sub, "holidays") == 0, settle = strcmp(sub, "settlement-date") == 0;
    bool next = settle || strcmp(sub, "next-business-day") == 0;
    if (!hol && !next)
        return cli_usage("calendar", "unknown subcommand \"%s\"", sub);
    if (hol && optind + 1 < argc)
        return cli_usage("calendar", "unexpected argument \"%s\"", argv[optind + 1]);
    if (next && optind + 2 != argc)
        return cli_usage("calendar", "%s takes one DATE", sub);
    struct holiday *feed;
    int n = holidays_load(cli->db, &feed);
    if (n < 0)
        return EXIT_DEP;
    struct calendar cal = {feed, n};
    int rc;
    if (hol) {
        int y, m, d;
        date_to_ymd(today, &y, &m, &d);
        if (from == DATE_NONE)
            date_from_ymd(y, 1, 1, &from);
        if (to == DATE_NONE)
            date_from_ymd(y, 12, 31, &to);
        rc = holidays(&cal, from, to, json);
    } else {
        rc = one_date(&cal, argv[optind + 1], settle, json);
    }
    free(feed);
    return rc;
}
