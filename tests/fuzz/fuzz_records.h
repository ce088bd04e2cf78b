/* fuzz_records.h: the body shared by fuzz_records_csv.c and fuzz_records_json.c. records_read
 * takes a path, so the input is written to a private temporary file first; then every record's
 * fields go through every shared validator (field_money, field_rate, field_date, field_int,
 * field_ident, field_text, field_choice), as an import kind would, with no database. */
#ifndef PRUDENT_FUZZ_RECORDS_H
#define PRUDENT_FUZZ_RECORDS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/records.h"

static const struct field_def fuzz_fields[] = {
    {"ref", true},       {"type", true},          {"counterparty", true}, {"principal", true},
    {"rate", false},     {"start_date", false},   {"maturity_date", false},
    {"notice_days", false},
};
#define FUZZ_NFIELDS ((int)(sizeof fuzz_fields / sizeof fuzz_fields[0]))

static char fuzz_path[64];

/* Write data to the target's temporary file (its name has the pid, so parallel jobs differ). */
static const char *fuzz_write(const uint8_t *data, size_t size, const char *ext)
{
    if (!fuzz_path[0])
        snprintf(fuzz_path, sizeof fuzz_path, "/tmp/prudent-fuzz-%ld.%s", (long)getpid(), ext);
    FILE *f = fopen(fuzz_path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    return fuzz_path;
}

static void fuzz_validate(const struct records *rs, struct import_errors *e)
{
    static const char *const types[] = {"fixed", "call", "notice", "mmf"};
    for (int i = 0; i < rs->n; i++) {
        struct row w = row_start(rs, i, e);
        money_t m = 0;
        rate_t r = 0;
        date_t d = 0;
        int n = 0;
        const char *text = NULL;
        field_ident(&w, 0, true, "_.&-/", 32);
        field_choice(&w, 1, true, types, 4, &n);
        field_text(&w, 2, true, 200, &text);
        field_money(&w, 3, true, true, &m);
        field_rate(&w, 4, false, &r);
        field_date(&w, 5, false, &d);
        field_date(&w, 6, false, &d);
        field_int(&w, 7, false, 0, 3650, &n);
        field_blank(&w, 7, "fuzz");
        (void)row_value(&w, 2);
        (void)row_line(&w, 2);
    }
    records_check_unique(rs, 0, e);
}

static int fuzz_records(const uint8_t *data, size_t size, const char *ext)
{
    const char *path = fuzz_write(data, size, ext);
    struct import_errors e = {.path = path};
    struct records rs;
    if (records_read(path, fuzz_fields, FUZZ_NFIELDS, &rs, &e, false) == 0) {
        fuzz_validate(&rs, &e);
        records_free(&rs);
    }
    return 0;
}

#endif
