/* write_pdf.c: the PDF report, a committee paper: the HTML report (write_html.c) with print
 * rules for paged media (page numbers and the authority in the page margins; the figures laid out
 * without flexbox gaps, which WeasyPrint 57 ignores), rendered by WeasyPrint as a tagged PDF/UA-1
 * file on A4. docs/reports.md says why WeasyPrint. The renderer is run with posix_spawnp (no
 * shell), its arguments fixed here: `weasyprint --quiet --pdf-variant pdf/ua-1 HTML PDF`.
 * PRUDENT_PDF_RENDERER names another program taking the same arguments (tests use it to check
 * the errors). */
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report/writer.h"
#include "util/err.h"

extern char **environ;

static const char print_css[] =
    "@page { @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages);"
    " font: 8pt Arial, Helvetica, sans-serif; color: #555; }\n"
    "  @bottom-left { content: string(authority); font: 8pt Arial, Helvetica, sans-serif; color: #555; } }\n"
    ".meta strong { string-set: authority content(); }\n"
    "dl.figures div { margin: 0 6pt 6pt 0; }\n";

static const char *renderer(void)
{
    const char *r = getenv("PRUDENT_PDF_RENDERER");
    return r && *r ? r : "weasyprint";
}

/* The HTML with the print rules into a new file html (a mkstemps template). Returns 0 or -1. */
static int write_html_file(const struct report *r, char *html)
{
    int fd = mkstemps(html, 5);
    if (fd < 0)
        return fail(-1, "%s: cannot write the report's HTML for the PDF: %s", html, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(html);
        return -1;
    }
    int rc = report_write_html_styled(r, f, print_css);
    if (fclose(f) != 0 || rc != 0) {
        unlink(html);
        return fail(-1, "%s: cannot write the report's HTML for the PDF", html);
    }
    return 0;
}

/* The renderer's environment: ours with SOURCE_DATE_EPOCH set to the report's "generated"
 * moment (`sde`, "SOURCE_DATE_EPOCH=N", or NULL to leave it), which WeasyPrint's font subsetter
 * stamps into the fonts it embeds instead of the clock: the same report gives the same bytes
 * (report reproduce, docs/reports.md). Built, not setenv'd: the service renders on many threads.
 * A new array of borrowed strings the caller frees. */
static char **render_env(char *sde)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = xcalloc(n + 2, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!sde || strncmp(environ[i], "SOURCE_DATE_EPOCH=", 18) != 0)
            env[k++] = environ[i];
    if (sde)
        env[k++] = sde;
    env[k] = NULL;
    return env;
}

/* Run the renderer on html into pdf and wait for it. Returns 0 or -1 after saying why. */
static int render(const char *html, const char *pdf, char *sde)
{
    const char *prog = renderer();
    char *argv[] = {(char *)prog, "--quiet", "--pdf-variant", "pdf/ua-1", (char *)html, (char *)pdf, NULL};
    pid_t pid;
    char **env = render_env(sde);
    int e = posix_spawnp(&pid, prog, NULL, NULL, argv, env);
    free(env);
    if (e != 0) {
        fail(-1, "cannot render the PDF: cannot run %s: %s%s", prog, strerror(e),
             e == ENOENT ? " (install it: apt-get install weasyprint, or scripts/bootstrap run)" : "");
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            fail(-1, "cannot render the PDF: waiting for %s: %s", prog, strerror(errno));
            return -1;
        }
    if (WIFSIGNALED(status)) {
        fail(-1, "cannot render the PDF: %s was killed by signal %d", prog, WTERMSIG(status));
        return -1;
    }
    if (WEXITSTATUS(status) != 0) {
        fail(-1, "cannot render the PDF: %s exited with status %d (its message is above)", prog,
             WEXITSTATUS(status));
        return -1;
    }
    return 0;
}

/* True when path starts like a PDF file. */
static bool looks_like_pdf(const char *path)
{
    char head[5] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == sizeof head && memcmp(head, "%PDF-", 5) == 0;
}

int report_write_pdf(const struct report *r, const char *path)
{
    char html[PATH_MAX];
    if (snprintf(html, sizeof html, "%s.XXXXXX.html", path) >= (int)sizeof html) {
        fail(-1, "%s: the path is too long", path);
        return -1;
    }
    if (write_html_file(r, html) != 0)
        return -1;
    struct tm tm = {0};
    char sde[48], *sde_p = NULL;
    if (r->generated_at && strptime(r->generated_at, "%Y-%m-%dT%H:%M:%S", &tm)) {
        snprintf(sde, sizeof sde, "SOURCE_DATE_EPOCH=%lld", (long long)timegm(&tm));
        sde_p = sde;
    }
    int rc = render(html, path, sde_p);
    unlink(html);
    if (rc == 0 && !looks_like_pdf(path)) {
        fail(-1, "cannot render the PDF: %s wrote no PDF into %s", renderer(), path);
        rc = -1;
    }
    errno = 0;
    return rc;
}
