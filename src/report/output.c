/* output.c: choosing a report format by name and writing a report to its destination without
 * ever leaving a partial file: each file is written to a temporary name in the same directory
 * and renamed over the destination only once complete (rename is atomic on one filesystem). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/writer.h"
#include "util/err.h"

static const char *const format_names[RF_COUNT] = {"md", "html", "csv", "xlsx", "json", "pdf"};

bool report_format_parse(const char *s, enum report_format *out)
{
    for (int i = 0; i < RF_COUNT; i++)
        if (strcmp(s, format_names[i]) == 0) {
            *out = (enum report_format)i;
            return true;
        }
    if (strcmp(s, "markdown") == 0) {
        *out = RF_MD;
        return true;
    }
    return false;
}

const char *report_format_name(enum report_format f)
{
    return format_names[f];
}

static bool to_stdout(const char *path)
{
    return !path || strcmp(path, "-") == 0;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory holding path ("." when it has none), in buf. */
static const char *dir_of(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(buf, n, ".");
    else if (slash == path)
        snprintf(buf, n, "/");
    else
        snprintf(buf, n, "%.*s", (int)(slash - path), path);
    return buf;
}

/* Make a temporary file beside path; returns its fd and its name in tmp, or -1 with errno. */
static int temp_beside(const char *path, char *tmp, size_t n)
{
    char dir[PATH_MAX];
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int len = snprintf(tmp, n, "%s/.%.100s.tmp.XXXXXX", dir_of(path, dir, sizeof dir), base);
    if (len < 0 || (size_t)len >= n) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkstemp(tmp);
}

static bool csv_dir_mode(enum report_format fmt, const char *path)
{
    size_t len = strlen(path);
    return fmt == RF_CSV && (is_dir(path) || (len > 0 && path[len - 1] == '/'));
}

int report_output_check(enum report_format fmt, const char *path)
{
    if (to_stdout(path))
        return fmt == RF_XLSX  ? fail(EXIT_BAD, "an xlsx report needs -o FILE")
               : fmt == RF_PDF ? fail(EXIT_BAD, "a pdf report needs -o FILE")
                               : EXIT_OK;
    if (csv_dir_mode(fmt, path)) {
        if (!is_dir(path) && mkdir(path, 0777) != 0)
            return fail(EXIT_BAD, "%s: cannot create the directory: %s", path, strerror(errno));
        char probe[PATH_MAX], tmp[PATH_MAX];
        snprintf(probe, sizeof probe, "%s/probe", path);
        int fd = temp_beside(probe, tmp, sizeof tmp);
        if (fd < 0)
            return fail(EXIT_BAD, "%s: cannot write in the directory: %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
        return EXIT_OK;
    }
    if (is_dir(path))
        return fail(EXIT_BAD, "%s: is a directory (give a file name with -o)", path);
    char tmp[PATH_MAX];
    int fd = temp_beside(path, tmp, sizeof tmp);
    if (fd < 0)
        return fail(EXIT_BAD, "%s: cannot write: %s", path, strerror(errno));
    close(fd);
    unlink(tmp);
    return EXIT_OK;
}

typedef int (*stream_fn)(const struct report *r, FILE *f);

static stream_fn stream_writer(enum report_format fmt)
{
    switch (fmt) {
    case RF_MD: return report_write_md;
    case RF_HTML: return report_write_html;
    case RF_CSV: return report_write_csv;
    case RF_JSON: return report_write_json;
    case RF_XLSX:
    case RF_PDF:
    case RF_COUNT: break;
    }
    return NULL;
}

/* Write with fn (or one table, or the figures) into a temp file and rename it over path. */
static int write_file(const char *path, const struct report *r, stream_fn fn, const struct rtable *t)
{
    char tmp[PATH_MAX];
    int fd = temp_beside(path, tmp, sizeof tmp);
    if (fd < 0)
        return fail(EXIT_BAD, "%s: cannot write: %s", path, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        return fail(EXIT_DEP, "%s: cannot write: %s", path, strerror(errno));
    }
    fchmod(fd, 0644);
    int rc = t ? report_write_csv_table(t, f) : fn(r, f);
    if (fflush(f) != 0 || fsync(fd) != 0)
        rc = -1;
    if (fclose(f) != 0)
        rc = -1;
    if (rc != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return fail(EXIT_DEP, "%s: writing failed: %s", path, strerror(e));
    }
    return EXIT_OK;
}

typedef int (*file_fn)(const struct report *r, const char *path);

/* Write with fn, a writer of files (xlsx, pdf), into a temp file and rename it over path. */
static int write_whole_file(const struct report *r, const char *path, file_fn fn)
{
    char tmp[PATH_MAX];
    int fd = temp_beside(path, tmp, sizeof tmp);
    if (fd < 0)
        return fail(EXIT_BAD, "%s: cannot write: %s", path, strerror(errno));
    close(fd);
    if (fn(r, tmp) != 0) {
        int e = errno;
        unlink(tmp);
        /* the writer's message names the temporary file; say which report failed */
        return fail(EXIT_DEP, "%s: writing failed: %s", path, e ? strerror(e) : "see above");
    }
    chmod(tmp, 0644);
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return fail(EXIT_DEP, "%s: writing failed: %s", path, strerror(e));
    }
    return EXIT_OK;
}

/* One file per table (ID.csv) and figures.csv, in directory dir. */
static int write_csv_dir(const struct report *r, const char *dir)
{
    char path[PATH_MAX];
    int rc;
    for (int i = 0; i < r->nsections; i++)
        for (int b = 0; b < r->sections[i]->nblocks; b++) {
            const struct rblock *bl = r->sections[i]->blocks[b];
            if (bl->kind != RB_TABLE)
                continue;
            snprintf(path, sizeof path, "%s/%s.csv", dir, bl->table->id);
            if ((rc = write_file(path, r, NULL, bl->table)) != EXIT_OK)
                return rc;
        }
    snprintf(path, sizeof path, "%s/figures.csv", dir);
    return write_file(path, r, report_write_csv_figures, NULL);
}

int report_output(const struct report *r, enum report_format fmt, const char *path)
{
    int rc = report_output_check(fmt, path);
    if (rc != EXIT_OK)
        return rc;
    if (to_stdout(path)) {
        if (stream_writer(fmt)(r, stdout) != 0 || fflush(stdout) != 0)
            return fail(EXIT_DEP, "cannot write the report to the standard output");
        return EXIT_OK;
    }
    if (csv_dir_mode(fmt, path))
        return write_csv_dir(r, path);
    if (fmt == RF_XLSX)
        return write_whole_file(r, path, report_write_xlsx);
    if (fmt == RF_PDF)
        return write_whole_file(r, path, report_write_pdf);
    return write_file(path, r, stream_writer(fmt), NULL);
}
