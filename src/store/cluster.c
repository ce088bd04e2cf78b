/* cluster.c: create, start and stop the embedded PostgreSQL cluster (see cluster.h). */
#include "store/cluster.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/err.h"

#define CLUSTER_ADMIN "prudent_admin" /* the bootstrap superuser of a cluster made since sql/245 */
#define CLUSTER_OWNER "prudent"       /* owns the database; the CLI and the service log in as it */
#define CLUSTER_PORT "5432" /* names the socket file only: no TCP port is opened */

static int set_path(char *dst, const char *a, const char *b)
{
    int n = snprintf(dst, CLUSTER_PATH, "%s%s", a, b);
    if (n < 0 || n >= CLUSTER_PATH)
        return error("path too long: %s%s", a, b);
    return 0;
}

/* The newest /usr/lib/postgresql/N/bin that has initdb, or "" to rely on PATH. */
static void find_bindir(char *out)
{
    const char *env = getenv("PRUDENT_PG_BINDIR");
    out[0] = '\0';
    if (env && *env) {
        snprintf(out, CLUSTER_PATH, "%s", env);
        return;
    }
    DIR *d = opendir("/usr/lib/postgresql");
    if (!d)
        return;
    long best = -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *end;
        long v = strtol(e->d_name, &end, 10);
        char probe[CLUSTER_PATH];
        if (*end || v <= best)
            continue;
        snprintf(probe, sizeof probe, "/usr/lib/postgresql/%s/bin/initdb", e->d_name);
        if (access(probe, X_OK) == 0) {
            best = v;
            snprintf(out, CLUSTER_PATH, "/usr/lib/postgresql/%s/bin", e->d_name);
        }
    }
    closedir(d);
}

static int default_home(char *out)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (geteuid() == 0)
        return set_path(out, "/var/lib/prudent", "");
    if (xdg && *xdg)
        return set_path(out, xdg, "/prudent");
    if (!home || !*home) {
        struct passwd *pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home)
        return error("cannot tell where to keep the database: set PRUDENT_HOME");
    return set_path(out, home, "/.local/share/prudent");
}

int cluster_locate(struct cluster *cl)
{
    memset(cl, 0, sizeof *cl);
    const char *env = getenv("PRUDENT_HOME");
    if (env && *env) {
        if (set_path(cl->home, env, "") < 0)
            return -1;
    } else if (default_home(cl->home) < 0) {
        return -1;
    }
    if (set_path(cl->pgdir, cl->home, "/pg") < 0 || set_path(cl->data, cl->pgdir, "/data") < 0 ||
        set_path(cl->sock, cl->pgdir, "/run") < 0 || set_path(cl->log, cl->pgdir, "/server.log") < 0 ||
        set_path(cl->lock, cl->home, "/pg.lock") < 0)
        return -1;
    struct sockaddr_un sun;
    if (strlen(cl->sock) + strlen("/.s.PGSQL." CLUSTER_PORT) >= sizeof sun.sun_path) {
        error("PRUDENT_HOME is too long for a Unix socket path: %s", cl->home);
        detail("choose a PRUDENT_HOME of at most 80 characters");
        return -1;
    }
    find_bindir(cl->bindir);
    cl->uid = geteuid();
    cl->gid = getegid();
    if (geteuid() == 0) {
        struct passwd *pw = getpwnam("postgres");
        if (!pw) {
            error("running as root, but there is no postgres system user to run the database");
            detail("install PostgreSQL with scripts/bootstrap, or set PRUDENT_DB");
            return -1;
        }
        cl->as_postgres = true;
        cl->uid = pw->pw_uid;
        cl->gid = pw->pw_gid;
    }
    return 0;
}

void cluster_program(const struct cluster *cl, const char *name, char *buf, size_t n)
{
    if (cl->bindir[0])
        snprintf(buf, n, "%s/%s", cl->bindir, name);
    else
        snprintf(buf, n, "%s", name);
}

/* A libpq connection string for dbname on cl's socket as user into buf. */
static void conninfo_as(const struct cluster *cl, const char *dbname, const char *user, char *buf,
                        size_t n)
{
    /* Quote the socket path for libpq: backslash-escape \ and '. */
    char quoted[2 * CLUSTER_PATH];
    size_t j = 0;
    for (const char *p = cl->sock; *p && j + 2 < sizeof quoted; p++) {
        if (*p == '\\' || *p == '\'')
            quoted[j++] = '\\';
        quoted[j++] = *p;
    }
    quoted[j] = '\0';
    snprintf(buf, n, "host='%s' port=" CLUSTER_PORT " dbname=%s user=%s connect_timeout=10",
             quoted, dbname, user);
}

void cluster_conninfo(const struct cluster *cl, const char *dbname, char *buf, size_t n)
{
    conninfo_as(cl, dbname, CLUSTER_OWNER, buf, n);
}

void cluster_admin_conninfo(const struct cluster *cl, const char *dbname, char *buf, size_t n)
{
    conninfo_as(cl, dbname, CLUSTER_ADMIN, buf, n);
}

static int mkdir_p(const char *path, mode_t mode)
{
    char tmp[CLUSTER_PATH];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
            return error("cannot create %s: %s", tmp, strerror(errno));
        *p = '/';
    }
    if (mkdir(tmp, mode) < 0 && errno != EEXIST)
        return error("cannot create %s: %s", tmp, strerror(errno));
    return 0;
}

/* As root: can the postgres user search every directory on the way to dir? */
static int check_reachable(const struct cluster *cl, const char *dir)
{
    char tmp[CLUSTER_PATH];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (;;) {
        struct stat st;
        if (stat(tmp, &st) == 0) {
            mode_t need = st.st_uid == cl->uid ? S_IXUSR : st.st_gid == cl->gid ? S_IXGRP : S_IXOTH;
            if (!(st.st_mode & need)) {
                error("the postgres user cannot reach %s (no search permission on %s)", dir, tmp);
                detail("run `chmod o+x %s`, or set PRUDENT_HOME to a directory outside it", tmp);
                return -1;
            }
        }
        char *slash = strrchr(tmp, '/');
        if (!slash || slash == tmp)
            return 0;
        *slash = '\0';
    }
}

/* Run a PostgreSQL program as the server user with stdout and stderr sent to outpath.
 * Returns its exit status, or -1 if it could not be run. */
static int run_program(const struct cluster *cl, char *const argv[], const char *outpath)
{
    pid_t pid = fork();
    if (pid < 0)
        return error("cannot start %s: %s", argv[0], strerror(errno));
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int out = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0)
            _exit(126);
        if (cl->as_postgres && fchown(out, cl->uid, cl->gid) < 0)
            _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        if (cl->as_postgres) {
            if (setgroups(0, NULL) < 0 || setgid(cl->gid) < 0 || setuid(cl->uid) < 0)
                _exit(126);
        }
        if (chdir(cl->pgdir) < 0)
            _exit(126);
        execvp(argv[0], argv);
        dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return error("waiting for %s: %s", argv[0], strerror(errno));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Print the last lines of a log file as detail lines. */
static void show_tail(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char lines[8][512];
    int n = 0;
    while (fgets(lines[n % 8], sizeof lines[0], f))
        n++;
    fclose(f);
    for (int i = n > 8 ? n - 8 : 0; i < n; i++) {
        char *l = lines[i % 8];
        l[strcspn(l, "\n")] = '\0';
        detail("%s", l);
    }
}

/* A quarter of the machine's memory, from 128 MB (PostgreSQL's default) to 1 GB: PostgreSQL's
 * own advice for a dedicated server. With the default, a shared service's book (1.2M deals:
 * about 260 MB with its indexes) no longer fits, and every recompute reads it again from the
 * kernel's cache (docs/performance.md). Pages are only used as they are needed. */
static long shared_buffers_mb(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    long long mb = pages > 0 && size > 0 ? (long long)pages * size / 4 / (1024 * 1024) : 128;
    return mb < 128 ? 128 : mb > 1024 ? 1024 : (long)mb;
}

static int write_config(const struct cluster *cl)
{
    char conf[CLUSTER_PATH + 32];
    snprintf(conf, sizeof conf, "%s/postgresql.conf", cl->data);
    FILE *f = fopen(conf, "a");
    if (!f)
        return error("cannot write %s: %s", conf, strerror(errno));
    fprintf(f, "\n# prudent: embedded cluster, Unix socket only\n");
    fprintf(f, "listen_addresses = ''\nport = " CLUSTER_PORT "\n");
    fputs("unix_socket_directories = '", f);
    for (const char *p = cl->sock; *p; p++)
        fputs(*p == '\'' ? "''" : (char[]){*p, 0}, f);
    fputs("'\nunix_socket_permissions = 0700\n", f);
    fputs("max_connections = 200\nlog_min_messages = warning\n", f);
    fprintf(f, "shared_buffers = %ldMB\n", shared_buffers_mb());
    return fclose(f) == 0 ? 0 : error("cannot write %s", conf);
}

static int init_cluster(const struct cluster *cl)
{
    char initdb[CLUSTER_PATH + 16], out[CLUSTER_PATH + 16];
    cluster_program(cl, "initdb", initdb, sizeof initdb);
    snprintf(out, sizeof out, "%s/initdb.log", cl->pgdir);
    char *argv[] = {initdb, "-D", (char *)cl->data, "-U", CLUSTER_ADMIN, "-A", "trust",
                    "-E", "UTF8", "--no-locale", NULL};
    fprintf(stderr, "prudent: creating the embedded database in %s\n", cl->data);
    int rc = run_program(cl, argv, out);
    if (rc != 0) {
        error("initdb failed (exit %d) for %s", rc, cl->data);
        show_tail(out);
        if (rc == 127)
            detail("is PostgreSQL installed? run scripts/bootstrap");
        return -1;
    }
    return write_config(cl);
}

bool cluster_running(const struct cluster *cl)
{
    char conninfo[2 * CLUSTER_PATH + 128];
    cluster_conninfo(cl, "postgres", conninfo, sizeof conninfo);
    return PQping(conninfo) == PQPING_OK;
}

static int start_server(const struct cluster *cl)
{
    char pg_ctl[CLUSTER_PATH + 16], out[CLUSTER_PATH + 16];
    cluster_program(cl, "pg_ctl", pg_ctl, sizeof pg_ctl);
    snprintf(out, sizeof out, "%s/pg_ctl.log", cl->pgdir);
    char *argv[] = {pg_ctl, "-D", (char *)cl->data, "-l", (char *)cl->log, "-w", "-t", "60", "start", NULL};
    int rc = run_program(cl, argv, out);
    if (rc != 0) {
        error("the embedded database did not start (pg_ctl exit %d)", rc);
        show_tail(cl->log);
        return -1;
    }
    return 0;
}

/* A connection to the cluster's database "postgres" as its administrator: prudent_admin, or, in
 * a cluster made before sql/245 (no such role), the owner, which is then its superuser. NULL
 * after printing why. The caller PQfinish()es it. */
static PGconn *admin_connect(const struct cluster *cl)
{
    char conninfo[2 * CLUSTER_PATH + 128];
    cluster_admin_conninfo(cl, "postgres", conninfo, sizeof conninfo);
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) == CONNECTION_OK)
        return c;
    bool no_admin = strstr(PQerrorMessage(c), "\"" CLUSTER_ADMIN "\" does not exist") != NULL;
    if (no_admin) { /* made before the administrator role existed */
        PQfinish(c);
        cluster_conninfo(cl, "postgres", conninfo, sizeof conninfo);
        c = PQconnectdb(conninfo);
        if (PQstatus(c) == CONNECTION_OK)
            return c;
    }
    error("cannot connect to the embedded database: %s", PQerrorMessage(c));
    PQfinish(c);
    return NULL;
}

/* Run one statement without parameters on c; 0, or -1 after printing what failed. */
static int admin_exec(PGconn *c, const char *what, const char *sql)
{
    PGresult *r = PQexecParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = error("%s: %s", what, PQerrorMessage(c));
    PQclear(r);
    return rc;
}

/* The cluster-level work only a superuser may do, as prudent_admin (docs/hardening.md, "Database
 * roles"): the owner, which logs in, creates databases and owns everything in them but is no
 * superuser, may not create roles and does not bypass row-level security; the request roles of
 * sql/051 and sql/185, which the migrations then find made. Each step is skipped when done. */
static const char ADMIN_ROLES_SQL[] =
    "DO $$ BEGIN\n"
    "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" CLUSTER_OWNER "') THEN\n"
    "  CREATE ROLE " CLUSTER_OWNER
    " LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOREPLICATION;\n"
    "END IF;\n"
    "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'prudent_service') THEN\n"
    "  CREATE ROLE prudent_service NOLOGIN NOINHERIT NOBYPASSRLS;\n"
    "END IF;\n"
    "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'prudent_app') THEN\n"
    "  CREATE ROLE prudent_app LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE;\n"
    "END IF;\n"
    "IF NOT pg_has_role('prudent_app', 'prudent_service', 'MEMBER') THEN\n"
    "  GRANT prudent_service TO prudent_app;\n"
    "END IF;\n"
    "IF NOT pg_has_role('" CLUSTER_OWNER "', 'prudent_service', 'MEMBER') THEN\n"
    "  GRANT prudent_service TO " CLUSTER_OWNER ";\n"
    "END IF;\n"
    "END $$";

/* Database "prudent", owned by the owner, unless it exists. 0, or -1 after printing why. */
static int create_database(PGconn *c)
{
    int rc = 0;
    PGresult *r = PQexecParams(c, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL,
                               (const char *const[]){"prudent"}, NULL, NULL, 0);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 0)
        rc = admin_exec(c, "cannot create database prudent",
                        "CREATE DATABASE prudent OWNER " CLUSTER_OWNER);
    else if (PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = error("cannot list databases: %s", PQerrorMessage(c));
    PQclear(r);
    return rc;
}

static int ensure_database(const struct cluster *cl)
{
    PGconn *c = admin_connect(cl);
    if (!c)
        return -1;
    bool legacy = strcmp(PQuser(c), CLUSTER_OWNER) == 0; /* the owner is the superuser */
    int rc = legacy ? 0 : admin_exec(c, "cannot create the database roles", ADMIN_ROLES_SQL);
    if (rc == 0)
        rc = create_database(c);
    PQfinish(c);
    return rc;
}

int cluster_owner_superuser(const struct cluster *cl)
{
    char conninfo[2 * CLUSTER_PATH + 128];
    cluster_conninfo(cl, "postgres", conninfo, sizeof conninfo);
    PGconn *c = PQconnectdb(conninfo);
    int rc = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        const char *sql = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user";
        PGresult *r = PQexecParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
            rc = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
        PQclear(r);
    }
    PQfinish(c);
    return rc;
}

int cluster_ensure(struct cluster *cl)
{
    /* Always under the lock, even when the server answers: a process that has just started it
     * may not yet have made the owner's role and database (ensure_database). Callers come here
     * only to start the cluster or after a connection failed, so the common path never does. */
    if (mkdir_p(cl->home, cl->as_postgres ? 0755 : 0700) < 0)
        return -1;
    int lockfd = open(cl->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lockfd < 0)
        return error("cannot open %s: %s", cl->lock, strerror(errno));
    while (flock(lockfd, LOCK_EX) < 0)
        if (errno != EINTR) {
            close(lockfd);
            return error("cannot lock %s: %s", cl->lock, strerror(errno));
        }
    int rc = 0;
    char version[CLUSTER_PATH + 16];
    snprintf(version, sizeof version, "%s/PG_VERSION", cl->data);
    if (mkdir_p(cl->pgdir, 0700) < 0 ||
        (cl->as_postgres && (chown(cl->pgdir, cl->uid, cl->gid) < 0 || check_reachable(cl, cl->pgdir) < 0))) {
        rc = -1;
    } else if (access(version, F_OK) != 0 && init_cluster(cl) < 0) {
        rc = -1;
    } else if (mkdir_p(cl->sock, 0700) < 0 ||
               (cl->as_postgres && chown(cl->sock, cl->uid, cl->gid) < 0)) {
        rc = -1;
    } else if (!cluster_running(cl) && start_server(cl) < 0) {
        rc = -1;
    } else {
        rc = ensure_database(cl);
    }
    close(lockfd); /* releases the flock */
    return rc;
}

int cluster_stop(struct cluster *cl)
{
    if (!cluster_running(cl))
        return 0;
    char pg_ctl[CLUSTER_PATH + 16], out[CLUSTER_PATH + 16];
    cluster_program(cl, "pg_ctl", pg_ctl, sizeof pg_ctl);
    snprintf(out, sizeof out, "%s/pg_ctl.log", cl->pgdir);
    char *argv[] = {pg_ctl, "-D", cl->data, "-m", "fast", "-w", "-t", "60", "stop", NULL};
    int rc = run_program(cl, argv, out);
    if (rc != 0) {
        error("the embedded database did not stop (pg_ctl exit %d)", rc);
        show_tail(out);
        return -1;
    }
    return 0;
}
