/* test_records.c: the import record reader (CSV through libcsv, JSON through cJSON) and the shared
 * field validators: BOM, CRLF, quoting, multi-line fields, JSON line numbers, error counting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/records.h"

enum { F_REF, F_PRINCIPAL, F_START, F_NOTE, NF };
static const struct field_def fields[NF] = {
    {"ref", true}, {"principal", true}, {"start_date", true}, {"note", false}};

static char path[64];

static const char *write_file(const char *text, size_t len)
{
    snprintf(path, sizeof path, "/tmp/test_records.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

static int read_text(const char *text, struct records *rs, struct import_errors *e)
{
    const char *p = write_file(text, strlen(text));
    *e = (struct import_errors){.path = "f"};
    int rc = records_read(p, fields, NF, rs, e, false);
    unlink(p);
    return rc;
}

static void test_csv_bom_crlf_quotes(void **state)
{
    (void)state;
    struct records rs;
    struct import_errors e;
    const char *text = "\xEF\xBB\xBFRef,principal,start_date,note\r\n"
                       "A1,\"5,000,000\",2018-03-31,\"two\r\nlines, and a \"\"quote\"\"\"\r\n"
                       "\r\n"
                       "  A2 , 7 ,31/03/2018,\r\n";
    assert_int_equal(read_text(text, &rs, &e), 0);
    assert_int_equal(e.count, 0);
    assert_false(rs.json);
    assert_int_equal(rs.n, 2);
    assert_string_equal(rs.rec[0].value[F_REF], "A1");
    assert_string_equal(rs.rec[0].value[F_PRINCIPAL], "5,000,000");
    assert_string_equal(rs.rec[0].value[F_NOTE], "two\r\nlines, and a \"quote\"");
    assert_int_equal(rs.rec[0].line, 2);
    assert_string_equal(rs.rec[1].value[F_REF], "A2"); /* trimmed */
    assert_null(rs.rec[1].value[F_NOTE]);              /* blank */
    assert_int_equal(rs.rec[1].line, 5);               /* after the 2-line record and a blank */
    records_free(&rs);
}

static void test_csv_header_problems(void **state)
{
    (void)state;
    struct records rs;
    struct import_errors e;
    assert_int_equal(read_text("ref,colour,start_date\n", &rs, &e), -1);
    assert_int_equal(e.count, 2); /* colour unknown, principal missing */
    records_free(&rs);
    assert_int_equal(read_text("", &rs, &e), -1);
    records_free(&rs);
    /* a row with the wrong number of fields is an error of that row only */
    assert_int_equal(read_text("ref,principal,start_date\nA,1,2018-01-01\nB,2\nC,3,2018-01-01\n", &rs, &e), 0);
    assert_int_equal(e.count, 1);
    assert_int_equal(rs.n, 2);
    assert_int_equal(rs.rec[1].line, 4);
    records_free(&rs);
    /* an unclosed quote */
    assert_int_equal(read_text("ref,principal,start_date\nA,\"1,2018-01-01\n", &rs, &e), -1);
    records_free(&rs);
    /* a column twice, with rows under it: refused, and nothing half-read is handed back (the
     * second copy used to leak the first; found by tests/fuzz/fuzz_records_csv.c, leak-checked
     * under make check) */
    assert_int_equal(read_text("ref,principal,ref,start_date\nA,1,B,2018-01-01\n", &rs, &e), -1);
    assert_int_equal(e.count, 1);
    assert_int_equal(rs.n, 0);
    assert_null(rs.rec);
}

/* A file over RECORDS_MAX_BYTES is refused before it is read. */
static void test_size_limit(void **state)
{
    (void)state;
    const char *p = write_file("ref,principal,start_date\n", 25);
    assert_int_equal(truncate(p, (off_t)RECORDS_MAX_BYTES + 1), 0);
    struct records rs;
    struct import_errors e = {.path = "big"};
    assert_int_equal(records_read(p, fields, NF, &rs, &e, false), -1);
    assert_int_equal(e.count, 1);
    assert_int_equal(rs.n, 0);
    unlink(p);
}

static void test_json_lines(void **state)
{
    (void)state;
    struct records rs;
    struct import_errors e;
    const char *text = "[\n"
                       "  {\"ref\": \"J1\", \"principal\": 5000000,\n"
                       "   \"start_date\": \"2018-03-31\", \"note\": null},\n"
                       "  {\"ref\": \"J2\",\n"
                       "   \"principal\": \"1,000.50\",\n"
                       "   \"start_date\": \"31/03/2018\", \"note\": true}\n"
                       "]\n";
    assert_int_equal(read_text(text, &rs, &e), 0);
    assert_int_equal(e.count, 0);
    assert_true(rs.json);
    assert_int_equal(rs.n, 2);
    assert_string_equal(rs.rec[0].value[F_PRINCIPAL], "5000000");
    assert_null(rs.rec[0].value[F_NOTE]);
    assert_int_equal(rs.rec[0].line, 2);
    assert_int_equal(rs.rec[1].line, 4);
    assert_int_equal(rs.rec[1].lines[F_PRINCIPAL], 5);
    assert_int_equal(rs.rec[1].lines[F_START], 6);
    assert_string_equal(rs.rec[1].value[F_NOTE], "true");
    records_free(&rs);
    assert_int_equal(read_text("[{\"ref\": \"J1\", \"x\": 1, \"principal\": [1]}]", &rs, &e), 0);
    assert_int_equal(e.count, 2); /* unknown key, array value */
    records_free(&rs);
    /* an element that is not an object does not shift the lines of the others */
    assert_int_equal(read_text("[\n 1,\n \"x\",\n {\"ref\": \"J3\",\n  \"principal\": 1}\n]", &rs, &e), 0);
    assert_int_equal(e.count, 2);
    assert_int_equal(rs.rec[0].line, 2);
    assert_int_equal(rs.rec[2].line, 4);
    assert_int_equal(rs.rec[2].lines[F_PRINCIPAL], 5);
    records_free(&rs);
    assert_int_equal(read_text("[{\"ref\": ", &rs, &e), -1);
    records_free(&rs);
}

static void test_validators(void **state)
{
    (void)state;
    struct records rs;
    struct import_errors e;
    const char *text = "ref,principal,start_date,note\n"
                       "A1,\"£5,000,000\",31/03/2018,fixed\n"
                       "A 2,\"5,00O\",31/02/2018,FIXED\n"
                       "A3,0,2018-01-01,other\n"
                       "A1,1,2018-01-01,\n";
    assert_int_equal(read_text(text, &rs, &e), 0);
    static const char *const kinds[] = {"fixed", "call"};
    money_t m = -1;
    date_t d;
    int k = -1;
    struct row w = row_start(&rs, 0, &e);
    assert_true(field_ident(&w, F_REF, true, "_-", 40));
    assert_true(field_money(&w, F_PRINCIPAL, true, true, &m));
    assert_int_equal(m, 500000000);
    assert_true(field_date(&w, F_START, true, &d));
    assert_true(field_choice(&w, F_NOTE, true, kinds, 2, &k));
    assert_int_equal(k, 0);
    assert_true(w.ok);
    assert_int_equal(e.count, 0);
    w = row_start(&rs, 1, &e);
    assert_false(field_ident(&w, F_REF, true, "_-", 40));
    assert_false(field_money(&w, F_PRINCIPAL, true, true, &m));
    assert_false(field_date(&w, F_START, true, &d));
    assert_true(field_choice(&w, F_NOTE, true, kinds, 2, &k)); /* case is ignored */
    assert_false(w.ok);
    assert_int_equal(e.count, 3);
    w = row_start(&rs, 2, &e);
    assert_false(field_money(&w, F_PRINCIPAL, true, true, &m)); /* must be more than zero */
    assert_false(field_choice(&w, F_NOTE, true, kinds, 2, &k));
    assert_int_equal(e.count, 5);
    w = row_start(&rs, 3, &e);
    m = 42;
    assert_true(field_money(&w, F_NOTE, false, false, &m)); /* blank, optional: untouched */
    assert_int_equal(m, 42);
    assert_false(field_required(&w, F_NOTE));
    assert_int_equal(e.count, 6);
    assert_int_equal(records_check_unique(&rs, F_REF, &e), 1); /* A1 again on line 5 */
    assert_int_equal(e.count, 7);
    records_free(&rs);
}

/* records_stream's fn for the test: keep each record's line and ref, and hold an error by index
 * for every 1000th record. */
struct seen {
    int n, lines[4000];
    char refs[4000][16];
    struct import_errors *held;
};

static int see(void *arg, const struct records *rs, struct record *rec, int idx)
{
    struct seen *s = arg;
    assert_int_equal(idx, s->n);
    s->lines[s->n] = rec->line;
    snprintf(s->refs[s->n], sizeof s->refs[0], "%s", rec->value[F_REF] ? rec->value[F_REF] : "");
    if (idx % 1000 == 999)
        records_error_at(rs, idx, F_PRINCIPAL, s->held, "is held");
    s->n++;
    return 0;
}

/* A file larger than the reader's 64 KiB chunks, with quoted fields spanning lines (and so,
 * somewhere, chunks): streamed, each record has the line and values records_read gives it; the
 * errors held by index are printed after the reader's own, with their line and value found by
 * reading the file again. */
static void test_stream(void **state)
{
    (void)state;
    char *text = malloc(400000);
    size_t len = (size_t)sprintf(text, "ref,principal,start_date,note\n");
    for (int i = 0; i < 3000; i++) {
        if (i == 1500)
            len += (size_t)sprintf(text + len, "BAD,1\n"); /* wrong shape: reported at once */
        len += (size_t)sprintf(text + len, "R%d,%d,2018-03-31,\"a note\nover two lines %d\"\n", i, i + 1, i);
    }
    const char *p = write_file(text, len);
    struct records all;
    struct import_errors e1 = {.path = "f"};
    assert_int_equal(records_read(p, fields, NF, &all, &e1, false), 0);
    assert_int_equal(e1.count, 1);
    struct seen *s = calloc(1, sizeof *s);
    struct import_errors held = {.path = "f", .hold = true};
    struct import_errors e = {.path = "f"};
    s->held = &held;
    struct records rs;
    FILE *err = tmpfile();
    int saved = dup(2);
    dup2(fileno(err), 2);
    int rc = records_stream(p, fields, NF, &rs, &e, false, see, s);
    records_release(&rs, &e, &held);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    assert_int_equal(rc, 0);
    assert_null(rs.rec);
    assert_int_equal(s->n, all.n);
    for (int i = 0; i < all.n; i++) {
        assert_int_equal(s->lines[i], all.rec[i].line);
        assert_string_equal(s->refs[i], all.rec[i].value[F_REF]);
    }
    assert_int_equal(e.count, 1 + 3); /* the shape, then records 999, 1999, 2999 */
    assert_int_equal(held.nheld, 0);
    char out[1024] = "";
    fseek(err, 0, SEEK_SET);
    size_t got = fread(out, 1, sizeof out - 1, err);
    out[got] = '\0';
    char want[512];
    snprintf(want, sizeof want,
             "prudent: f:%d: the row has 2 fields, the header has 4\n"
             "prudent: f:%d: principal \"1000\" is held\n"
             "prudent: f:%d: principal \"2000\" is held\n"
             "prudent: f:%d: principal \"3000\" is held\n",
             2 + 1500 * 2, all.rec[999].line, all.rec[1999].line, all.rec[2999].line);
    assert_string_equal(out, want);
    fclose(err);
    records_free(&all);
    free(s);
    free(text);
    unlink(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_bom_crlf_quotes),
        cmocka_unit_test(test_csv_header_problems),
        cmocka_unit_test(test_json_lines),
        cmocka_unit_test(test_validators),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
