/* test_report_writers.c: the report model and its five writers on a small report built by hand.
 * md, csv and json are compared with golden files in tests/fixtures/reports/ (run with
 * UPDATE_GOLDEN=1 to rewrite them after a deliberate change, then review the diff); the xlsx is
 * read back cell by cell through tests/tools/xlsx_dump.py; the HTML is checked well-formed with
 * xmllint and self-contained. Run from the repository root (scripts/run-tests does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/model.h"
#include "report/writer.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

static rate_t rt(const char *s)
{
    rate_t out;
    assert_true(rate_parse(s, &out, NULL));
    return out;
}

/* The hand-built report: debt by type with a totals row and a chart, maturing instalments with
 * awkward text (comma, quote, pipe, ampersand), key figures of every type, a note. */
static struct report *sample(void)
{
    struct report *r = report_new("pi", "Prudential indicators report");
    report_set_authority(r, "TST", "Testshire County Council");
    r->as_of = d("2018-03-31");
    report_set_generated(r, "2018-04-03T09:05:00Z");

    struct rsection *s = report_section(r, "debt", "External debt");
    section_para(s, "Borrowing outstanding at the as-of date, by type of loan.");
    section_figure(s, "External debt", rv_money(36738300000LL));
    section_figure(s, "Average rate", rv_rate(rt("4.4012")));
    section_figure(s, "Loans", rv_count(70));
    section_figure(s, "WAM (days)", rv_days(224.5));
    section_figure(s, "Authorised limit used", rv_percent(80.74));
    struct rtable *t = section_table(s, "debt_by_type", "Debt by type");
    rtable_col(t, "type", "Type", RT_TEXT);
    rtable_col(t, "count", "Loans", RT_COUNT);
    rtable_col(t, "principal", "Principal", RT_MONEY);
    rtable_col(t, "average_rate", "Average rate", RT_RATE);
    rtable_col(t, "percent", "Share", RT_PERCENT);
    int row = rtable_row(t, false);
    rtable_set(t, row, 0, rv_text("PWLB"));
    rtable_set(t, row, 1, rv_count(60));
    rtable_set(t, row, 2, rv_money(31738300000LL));
    rtable_set(t, row, 3, rv_rate(rt("4.5")));
    rtable_set(t, row, 4, rv_percent(86.39));
    row = rtable_row(t, false);
    rtable_set(t, row, 0, rv_text("LOBO"));
    rtable_set(t, row, 1, rv_count(10));
    rtable_set(t, row, 2, rv_money(5000000000LL));
    rtable_set(t, row, 3, rv_rate(rt("3.94")));
    rtable_set(t, row, 4, rv_percent(13.61));
    row = rtable_row(t, true);
    rtable_set(t, row, 0, rv_text("Total"));
    rtable_set(t, row, 1, rv_count(70));
    rtable_set(t, row, 2, rv_money(36738300000LL));
    rtable_set(t, row, 3, rv_rate(rt("4.4012")));
    rtable_set(t, row, 4, rv_percent(100));
    section_chart(s, RCHART_COLUMN, "Debt by type", t, 0, 2);

    s = report_section(r, "maturing", "Maturing debt");
    t = section_table(s, "maturing", "Instalments due");
    rtable_col(t, "ref", "Loan", RT_TEXT);
    rtable_col(t, "date", "Date", RT_DATE);
    rtable_col(t, "amount", "Amount", RT_MONEY);
    rtable_col(t, "days", "Days", RT_DAYS);
    row = rtable_row(t, false);
    rtable_set(t, row, 0, rv_text("P-1, \"old\" | A&B <x>"));
    rtable_set(t, row, 1, rv_date(d("2018-03-02")));
    rtable_set(t, row, 2, rv_money(-50000LL));
    rtable_set(t, row, 3, rv_days(0));
    row = rtable_row(t, false);
    rtable_set(t, row, 0, rv_text("P-2"));
    rtable_set(t, row, 2, rv_money(50000000));
    rtable_set(t, row, 3, rv_days(97.5));
    section_chart(s, RCHART_BAR, "Instalments", t, 0, 2);

    s = report_section(r, "alerts", "Alerts");
    report_unavailable(r, s, "alerts of the month", "no alerts view yet");
    return r;
}

static char *render(int (*fn)(const struct report *, FILE *), const struct report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(fn(r, f), 0);
    fclose(f);
    return buf;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(f);
    fclose(m);
    return buf;
}

static void golden(const char *name, const char *got)
{
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/reports/%s", name);
    if (getenv("UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(got, f);
        fclose(f);
    }
    char *want = slurp(path);
    if (!want)
        fail_msg("cannot read %s (run from the repository root)", path);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s differs from the output:\n%s\n", path, got);
        fail_msg("%s: output differs from the golden file", name);
    }
    free(want);
}

static void test_values(void **state)
{
    (void)state;
    char buf[RV_BUFSZ];
    struct rvalue v = rv_money(-123456789);
    assert_string_equal(rv_human(&v, buf), "-£1,234,567.89");
    assert_string_equal(rv_plain(&v, buf), "-1234567.89");
    v = rv_rate(6372200);
    assert_string_equal(rv_human(&v, buf), "6.3722%");
    assert_string_equal(rv_plain(&v, buf), "6.3722");
    v = rv_date(d("2018-03-31"));
    assert_string_equal(rv_human(&v, buf), "31/03/2018");
    assert_string_equal(rv_plain(&v, buf), "2018-03-31");
    v = rv_date(DATE_NONE);
    assert_string_equal(rv_human(&v, buf), "-");
    assert_string_equal(rv_plain(&v, buf), "");
    v = rv_percent(8.42);
    assert_string_equal(rv_human(&v, buf), "8.42%");
    v = rv_days(-0.0);
    assert_string_equal(rv_plain(&v, buf), "0.00");
}

static void test_md(void **state)
{
    (void)state;
    struct report *r = sample();
    char *out = render(report_write_md, r);
    golden("writers.md", out);
    free(out);
    report_free(r);
}

static void test_csv(void **state)
{
    (void)state;
    struct report *r = sample();
    char *out = render(report_write_csv, r);
    golden("writers.csv", out);
    free(out);
    report_free(r);
}

static void test_json(void **state)
{
    (void)state;
    struct report *r = sample();
    char *out = render(report_write_json, r);
    golden("writers.json", out);
    free(out);
    report_free(r);
}

static void test_html(void **state)
{
    (void)state;
    struct report *r = sample();
    char *out = render(report_write_html, r);
    /* Self-contained: nothing fetched from elsewhere. */
    assert_null(strstr(out, "<link"));
    assert_null(strstr(out, "<script"));
    assert_null(strstr(out, "src="));
    assert_null(strstr(out, "url("));
    assert_non_null(strstr(out, "@page { size: A4"));
    assert_non_null(strstr(out, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(out, "P-1, &quot;old&quot; | A&amp;B &lt;x&gt;"));
    assert_non_null(strstr(out, "<td class=\"num\">£367,383,000.00</td>"));
    /* Column labels in millions: £317,383,000 -> £317.4m; £50m -> £50.0m. */
    assert_non_null(strstr(out, ">£317.4m</text>"));
    assert_non_null(strstr(out, ">£50.0m</text>"));
    char path[] = "/tmp/test_report_html.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, out, strlen(out)), (ssize_t)strlen(out));
    close(fd);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "xmllint --noout %s", path);
    assert_int_equal(system(cmd), 0); /* well-formed (as XML, a stricter test than HTML) */
    unlink(path);
    free(out);
    report_free(r);
}

/* Every line of want must appear among the dumped cells. */
static void expect_cells(const char *dump, const char *const *want)
{
    for (; *want; want++) {
        char line[512];
        snprintf(line, sizeof line, "\n%s\n", *want);
        if (!strstr(dump, line)) {
            fprintf(stderr, "dump:\n%s\n", dump);
            fail_msg("xlsx cell missing: %s", *want);
        }
    }
}

static void test_xlsx(void **state)
{
    (void)state;
    struct report *r = sample();
    char dir[] = "/tmp/test_report_xlsx.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], cmd[512];
    snprintf(path, sizeof path, "%s/r.xlsx", dir);
    assert_int_equal(report_write_xlsx(r, path), 0);
    snprintf(cmd, sizeof cmd, "python3 tests/tools/xlsx_dump.py %s > %s/dump.txt", path, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/dump.txt", dir);
    char *dump = slurp(path);
    assert_non_null(dump);
    char *framed = NULL;
    assert_true(asprintf(&framed, "\n%s", dump) > 0);
    static const char *const want[] = {
        "Summary!sheet",
        "Summary!A1\tPrudential indicators report\tGeneral",
        "Summary!B8\t367383000\t\"£\"#,##0.00;-\"£\"#,##0.00",
        "Summary!B9\t0.044012\t0.0000%",
        "Summary!B10\t70\t0",
        "Summary!B12\t0.8074\t0.00%",
        "Debt by type!sheet",
        "Debt by type!frozen\tA5",
        "Debt by type!A4\tType\tGeneral",
        "Debt by type!C4\tPrincipal\tGeneral",
        "Debt by type!A5\tPWLB\tGeneral",
        "Debt by type!B5\t60\t0",
        "Debt by type!C5\t317383000\t\"£\"#,##0.00;-\"£\"#,##0.00",
        "Debt by type!D5\t0.045\t0.0000%",
        "Debt by type!E5\t0.8639\t0.00%",
        "Debt by type!C7\t367383000\t\"£\"#,##0.00;-\"£\"#,##0.00",
        "Instalments due!sheet",
        "Instalments due!frozen\tA5",
        "Instalments due!A5\tP-1, \"old\" | A&B <x>\tGeneral",
        "Instalments due!B5\t43161\tdd/mm/yyyy",
        "Instalments due!C5\t-500\t\"£\"#,##0.00;-\"£\"#,##0.00",
        "Instalments due!D6\t97.5\t0.00",
        NULL};
    expect_cells(framed, want);
    /* Money column wide enough for "£317,383,000.00" (15 characters). */
    assert_non_null(strstr(framed, "\nDebt by type!width\t3\t"));
    free(framed);
    free(dump);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    report_free(r);
}

static void test_output_atomic(void **state)
{
    (void)state;
    struct report *r = sample();
    enum report_format f;
    assert_true(report_format_parse("md", &f));
    assert_true(report_format_parse("pdf", &f) && f == RF_PDF);
    assert_false(report_format_parse("docx", &f));
    /* A pdf (like an xlsx) needs a file: EXIT_BAD for the standard output. */
    assert_int_equal(report_output_check(RF_PDF, NULL), 2);
    /* A missing directory: EXIT_BAD (2) and nothing written. */
    assert_int_equal(report_output(r, RF_MD, "/nonexistent-dir/x.md"), 2);
    char dir[] = "/tmp/test_report_out.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], cmd[512];
    snprintf(path, sizeof path, "%s/r.csv", dir);
    assert_int_equal(report_output(r, RF_CSV, path), 0);
    char *got = slurp(path), *want = render(report_write_csv, r);
    assert_string_equal(got, want);
    free(got);
    free(want);
    /* Directory form: one file per table. */
    snprintf(path, sizeof path, "%s/tables/", dir);
    assert_int_equal(report_output(r, RF_CSV, path), 0);
    snprintf(path, sizeof path, "%s/tables/maturing.csv", dir);
    got = slurp(path);
    assert_non_null(got);
    assert_string_equal(got, "Loan,Date,Amount,Days\n\"P-1, \"\"old\"\" | A&B <x>\",2018-03-02,-500.00,0.00\n"
                             "P-2,,500000.00,97.50\n");
    free(got);
    /* No temporary file is left behind. */
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A %s | grep tmp)\"", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    report_free(r);
}

/* Formula injection: text cells a spreadsheet would run (=, +, -, @, tab, CR first) get a single
 * quote before them; numbers, a negative amount included, are written as they are. */
static void test_csv_formulas(void **state)
{
    (void)state;
    struct report *r = report_new("portfolio", "Portfolio");
    report_set_authority(r, "EVL", "=HYPERLINK(\"http://evil.example/\",\"Click\")");
    report_set_generated(r, "2018-04-03T09:05:00Z");
    struct rsection *s = report_section(r, "held", "Held");
    struct rtable *t = section_table(s, "held", "Held");
    rtable_col(t, "name", "Counterparty", RT_TEXT);
    rtable_col(t, "amount", "Amount", RT_MONEY);
    const char *names[] = {"+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\tTab", "\rCR", "Plain - Bank", "=1"};
    for (int i = 0; i < 7; i++) {
        int row = rtable_row(t, false);
        rtable_set(t, row, 0, rv_text(names[i]));
        rtable_set(t, row, 1, rv_money(i == 2 ? -200000LL : 100));
    }
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_int_equal(report_write_csv_table(t, f), 0);
    fclose(f);
    assert_string_equal(out, "Counterparty,Amount\n"
                             "'+cmd|' /C calc'!A0,1.00\n"
                             "'@SUM(1+1),1.00\n"
                             "'-2+3,-2000.00\n"
                             "'\tTab,1.00\n"
                             "\"'\rCR\",1.00\n"
                             "Plain - Bank,1.00\n"
                             "'=1,1.00\n");
    free(out);
    out = render(report_write_csv, r);
    assert_non_null(strstr(out, ",EVL,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"Click\"\")\","));
    free(out);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values), cmocka_unit_test(test_md),   cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json),   cmocka_unit_test(test_html), cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_output_atomic), cmocka_unit_test(test_csv_formulas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
