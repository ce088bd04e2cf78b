/* cmd_report_record.c: reports made for committee, recorded and reproduced (issue 22, "what
 * committee saw"; docs/reports.md "Recorded reports"):
 *   prudent report KIND ... --record [--by NAME]   make it as known at one moment and record it
 *   prudent report list [--authority CODE] [--json]
 *   prudent report reproduce ID [-o FILE]          make it again as known at that moment; exit 1
 *                                                  if its bytes differ from those recorded
 * The report's "generated" stamp is the recorded moment (to the second), so nothing in its bytes
 * depends on the clock of the run that made it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/report_cli.h"
#include "report/build.h"
#include "store/db.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"

/* The whole of file path into a new buffer *out the caller frees, its length in *n. 0 or -1
 * (printed). */
static int slurp(const char *path, unsigned char **out, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return error("%s: cannot read the report back", path);
    size_t cap = 65536, len = 0, got;
    unsigned char *buf = xmalloc(cap);
    while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            buf = xrealloc(buf, cap *= 2);
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return error("%s: cannot read the report back", path);
    }
    *out = buf;
    *n = len;
    return 0;
}

/* Build and write the report of rec as known at rec->made_at, stamped with it, to out (NULL:
 * stdout, through a private temporary file), and its bytes into *bytes / *n (caller frees). */
static int make(struct cli *cli, const struct authority *a, const struct report_record *rec, const char *out,
                unsigned char **bytes, size_t *n)
{
    enum report_format fmt;
    char gen[24], tmp[] = "/tmp/prudent-record-XXXXXX";
    if (!report_format_parse(rec->format, &fmt))
        return fail(EXIT_BAD, "report %s: unknown format \"%s\"", rec->kind, rec->format);
    struct view_args args = {.as_of = rec->as_of, .from = rec->from, .to = rec->to, .reference_date = DATE_NONE};
    snprintf(gen, sizeof gen, "%.19sZ", rec->made_at); /* the moment, to the second */
    int rc = cli_as_known_at(cli, rec->made_at);
    if (rc != EXIT_OK)
        return rc;
    if (!out) {
        int fd = mkstemp(tmp);
        if (fd < 0)
            return fail(EXIT_DEP, "cannot make a temporary file for the report");
        close(fd);
    }
    rc = cli_report_write(cli, rec->kind, a, &args, fmt, out ? out : tmp, gen);
    if (rc == EXIT_OK && slurp(out ? out : tmp, bytes, n) < 0)
        rc = EXIT_DEP;
    if (!out) {
        if (rc == EXIT_OK && fwrite(*bytes, 1, *n, stdout) != *n)
            rc = fail(EXIT_DEP, "cannot write the report to standard output");
        unlink(tmp);
    }
    return rc;
}

int cli_report_record(struct cli *cli, const struct authority *a, struct report_record *rec, const char *known_at,
                      const char *by, const char *out)
{
    enum report_format fmt;
    if (report_format_parse(rec->format, &fmt) && fmt == RF_CSV && out && out[strlen(out) - 1] == '/')
        return fail(EXIT_BAD, "--record keeps one file: give a csv file name, not a directory");
    struct actor who;
    int rc = cli_actor_or_login(cli, a, by, ROLE_VIEWER, "report --record", &who);
    if (rc != EXIT_OK)
        return rc;
    if (report_record_moment(cli->db, known_at, rec->made_at, sizeof rec->made_at) < 0)
        return EXIT_DEP;
    unsigned char *bytes = NULL;
    size_t n = 0;
    rc = make(cli, a, rec, out, &bytes, &n);
    if (rc == EXIT_OK && report_record_add(cli->db, who.name, rec, bytes, n) < 0)
        rc = EXIT_DEP;
    free(bytes);
    if (rc == EXIT_OK)
        fprintf(stderr, "recorded report %lld: %s %s as known at %s, sha256 %s\n", (long long)rec->id, rec->kind,
                rec->format, rec->made_at, rec->sha256);
    return rc;
}

static const char *arg_text(const cJSON *args, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(args, key));
    return s ? s : "";
}

static void list_text(const cJSON *list, FILE *f)
{
    struct table *t = table_new(7, "Id", "Made (as known at)", "Kind", "As of", "Period", "Format", "SHA-256");
    const cJSON *o;
    cJSON_ArrayForEach(o, list)
    {
        char id[24], period[32], sha[20];
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(o, "arguments");
        snprintf(id, sizeof id, "%d", (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "id")));
        snprintf(period, sizeof period, "%s", arg_text(args, "quarter"));
        if (!period[0] && *arg_text(args, "from"))
            snprintf(period, sizeof period, "%s..%s", arg_text(args, "from"), arg_text(args, "to"));
        snprintf(sha, sizeof sha, "%.16s", arg_text(o, "sha256"));
        table_row(t, id, arg_text(o, "made_at"), arg_text(o, "kind"), arg_text(args, "as_of"), period,
                  arg_text(o, "format"), sha);
    }
    table_print(t, f);
    table_free(t);
}

int cmd_report_list(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"authority", required_argument, NULL, 'a'}, {"json", no_argument, NULL, 'j'}, {0, 0, 0, 0}};
    const char *authority = NULL;
    bool json = false;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("report list", argc, argv, "", opts, &rc)) != -1) {
        if (ch == 'a')
            authority = optarg;
        else if (ch == 'j')
            json = true;
    }
    if (rc != EXIT_OK)
        return rc;
    if (optind < argc)
        return cli_usage("report list", "unexpected argument \"%s\"", argv[optind]);
    struct authority a;
    if ((rc = cli_connect_scoped(cli, false)) != EXIT_OK) /* as PRUDENT_TOKEN's user */
        return rc;
    if ((rc = cli_authority(cli, authority, &a)) != EXIT_OK)
        return rc;
    cJSON *list = report_records_json(cli->db, a.id);
    if (!list)
        return EXIT_DEP;
    if (json)
        json_print(stdout, list);
    else
        list_text(list, stdout);
    cJSON_Delete(list);
    return EXIT_OK;
}


int cmd_report_reproduce(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'}, {0, 0, 0, 0}};
    const char *out = NULL;
    int ch, rc = EXIT_OK;
    optind = 1;
    while ((ch = cli_getopt("report reproduce", argc, argv, ":o:", opts, &rc)) != -1)
        if (ch == 'o')
            out = optarg;
    if (rc != EXIT_OK)
        return rc;
    char *end = NULL;
    long long id = optind + 1 == argc ? strtoll(argv[optind], &end, 10) : 0;
    if (!end || *end || id <= 0)
        return cli_usage("report reproduce", "give the id of one recorded report (prudent report list)");
    struct report_record rec;
    if ((rc = cli_connect_scoped(cli, false)) != EXIT_OK) /* as PRUDENT_TOKEN's user */
        return rc;
    if ((rc = report_record_get(cli->db, id, &rec)) != 0)
        return rc < 0 ? EXIT_DEP : EXIT_BAD;
    enum report_format fmt;
    if (report_format_parse(rec.format, &fmt) && (rc = report_output_check(fmt, out)) != EXIT_OK)
        return rc;
    struct authority a;
    if ((rc = cli_authority(cli, rec.authority, &a)) != EXIT_OK)
        return rc;
    unsigned char *bytes = NULL;
    size_t n = 0;
    if ((rc = make(cli, &a, &rec, out, &bytes, &n)) != EXIT_OK)
        return rc;
    char sha[REPORT_SHA256_HEX];
    report_sha256_hex(bytes, n, sha);
    free(bytes);
    if (strcmp(sha, rec.sha256) != 0)
        return fail(EXIT_NO, "report %lld reproduced differs from the one recorded: sha256 %s, recorded %s",
                    id, sha, rec.sha256);
    fprintf(stderr, "report %lld reproduced as known at %s: identical (sha256 %s)\n", id, rec.made_at, sha);
    return EXIT_OK;
}
