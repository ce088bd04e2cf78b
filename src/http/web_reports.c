/* web_reports.c: committee report downloads from the web pages (see web_reports.h, docs/web.md):
 * a report built from the views (report/build.h) and written as HTML, XLSX, CSV, Markdown or
 * JSON by the report writers, answered as an attachment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/reply.h"
#include "http/web_reports.h"
#include "report/build.h"
#include "report/writer.h"
#include "store/report_meta.h"
#include "util/clock.h"
#include "util/err.h"

static int date_arg(struct request *rq, const char *name, date_t *out)
{
    const char *s = http_query(rq, name), *why;
    if (s && *s && !date_parse(s, out, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, name, "%s \"%s\": %s", name, s, why);
    return 0;
}

/* The report written in fmt into rq->text. Returns 0 or -1. */
static int render(struct request *rq, const struct report *r, enum report_format fmt)
{
    if (fmt == RF_XLSX || fmt == RF_PDF) { /* written as files: a private temporary one */
        char path[] = "/tmp/prudent-report-XXXXXX";
        int fd = mkstemp(path);
        if (fd < 0)
            return -1;
        close(fd);
        int rc = fmt == RF_XLSX ? report_write_xlsx(r, path) : report_write_pdf(r, path);
        FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
        char *buf = NULL;
        size_t len = 0;
        if (f) {
            fseek(f, 0, SEEK_END);
            long n = ftell(f);
            rewind(f);
            if (n > 0) {
                buf = xmalloc((size_t)n + 1);
                len = fread(buf, 1, (size_t)n, f);
                buf[len] = '\0';
            }
            fclose(f);
        }
        unlink(path);
        if (!buf || len == 0) {
            free(buf);
            return -1;
        }
        rq->text = buf;
        rq->text_len = len;
        return 0;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return -1;
    int rc = fmt == RF_HTML  ? report_write_html(r, f)
             : fmt == RF_CSV ? report_write_csv(r, f)
             : fmt == RF_JSON ? report_write_json(r, f)
                              : report_write_md(r, f);
    if (fclose(f) != 0 || rc != 0) {
        free(buf);
        return -1;
    }
    rq->text = buf;
    rq->text_len = len;
    return 0;
}

int web_report(struct request *rq)
{
    const char *kind = rq->params[1], *format = http_query(rq, "format");
    enum report_format fmt = RF_HTML;
    if (!report_kind_valid(kind))
        return http_error(rq, PR_ERR_NOT_FOUND, "kind", "no report %s: use pi, portfolio, outturn, quarterly or cashflow", kind);
    if (format && !report_format_parse(format, &fmt))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "format", "format must be html, xlsx, csv, md, json or pdf");
    struct view_args args = {.as_of = clock_today(), .from = DATE_NONE, .to = DATE_NONE,
                             .reference_date = DATE_NONE};
    int st;
    if ((st = date_arg(rq, "as_of", &args.as_of)) || (st = date_arg(rq, "from", &args.from)) ||
        (st = date_arg(rq, "to", &args.to)))
        return st;
    const char *quarter = http_query(rq, "quarter"), *why;
    if (strcmp(kind, "quarterly") == 0) {
        if (!quarter || !report_quarter_parse(quarter, &args.from, &args.to, &why))
            return http_error(rq, PR_ERR_INVALID_PARAMETER, "quarter", "quarter \"%s\": %s",
                              quarter ? quarter : "", quarter ? why : "give the quarter, YYYY-QN");
        args.as_of = args.to;
    }
    if ((args.from == DATE_NONE) != (args.to == DATE_NONE))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "from", "give both from and to, or neither");
    if (args.from != DATE_NONE && args.to < args.from)
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "to", "to is before from");
    if (strcmp(kind, "outturn") == 0 && args.from == DATE_NONE) {
        args.from = date_fy_start(date_financial_year(args.as_of));
        args.to = args.as_of;
    }
    char name[256];
    if (store_authority_name(rq->db, rq->authority.id, name, sizeof name) != EXIT_OK)
        return http_db_failure(rq);
    struct view_source_ctx ctx = {.conn = rq->db, .authority = &rq->authority};
    struct report_source src = {.fetch = report_fetch_view, .ctx = &ctx};
    int code = EXIT_DEP;
    struct report *r = report_build(kind, &src, rq->authority.code, name, &args, &code);
    if (!r)
        return code == EXIT_BAD
                   ? http_error(rq, PR_ERR_INVALID_REQUEST, NULL, "the %s report refused these dates", kind)
                   : http_db_failure(rq);
    char gen[40];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(gen, sizeof gen, "%Y-%m-%dT%H:%M:%SZ", &tm);
    report_set_generated(r, gen);
    int rc = render(rq, r, fmt);
    report_free(r);
    if (rc != 0)
        return http_error(rq, PR_ERR_INTERNAL, NULL, "the %s report could not be written", kind);
    static const char *const types[RF_COUNT] = {
        [RF_MD] = "text/markdown; charset=utf-8", [RF_HTML] = "text/html; charset=utf-8",
        [RF_CSV] = "text/csv; charset=utf-8",
        [RF_XLSX] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [RF_JSON] = "application/json", [RF_PDF] = "application/pdf"};
    rq->content_type = types[fmt];
    char asof[16];
    date_format_iso(args.as_of, asof);
    snprintf(rq->disposition, sizeof rq->disposition, "attachment; filename=\"%s-%s-%s.%s\"", rq->authority.code,
             kind, asof, fmt == RF_MD ? "md" : report_format_name(fmt));
    rq->status = 200;
    return 200;
}
