/* cluster.h: the embedded PostgreSQL cluster used when PRUDENT_DB is unset.
 *
 * Layout under $PRUDENT_HOME (default: /var/lib/prudent for root, otherwise
 * $XDG_DATA_HOME/prudent or ~/.local/share/prudent):
 *   pg/data     the cluster (initdb), owned by the server user
 *   pg/run      the Unix socket directory (0700); the server listens on no TCP port
 *   pg/server.log
 *   pg.lock     flock()ed while creating or starting, so two processes never race
 * As root the server runs as the `postgres` system user; otherwise as the calling user. Local
 * connections are trusted: only the socket directory's owner (and root) can reach it.
 * Roles (since sql/245): initdb makes prudent_admin the bootstrap superuser, used only here for
 * cluster-level work (the roles, the database); the database and every object in it belong to
 * prudent (LOGIN CREATEDB, no superuser, no BYPASSRLS), which the CLI, the migrations and the
 * service's owner connection log in as. */
#ifndef PRUDENT_STORE_CLUSTER_H
#define PRUDENT_STORE_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CLUSTER_PATH 512

struct cluster {
    char home[CLUSTER_PATH];   /* $PRUDENT_HOME */
    char pgdir[CLUSTER_PATH];  /* home/pg */
    char data[CLUSTER_PATH];   /* home/pg/data */
    char sock[CLUSTER_PATH];   /* home/pg/run */
    char log[CLUSTER_PATH];    /* home/pg/server.log */
    char lock[CLUSTER_PATH];   /* home/pg.lock */
    char bindir[CLUSTER_PATH]; /* PostgreSQL programs, "" to search PATH */
    bool as_postgres;          /* running as root: drop to the postgres user for the server */
    uid_t uid;
    gid_t gid;
};

/* Work out the paths (nothing is created). Returns 0, or -1 after printing why. */
int cluster_locate(struct cluster *cl);
/* Create (initdb) and start the cluster if needed and make sure database "prudent" exists.
 * Returns 0, or -1 after printing why. */
int cluster_ensure(struct cluster *cl);
/* Stop it if running. Returns 0, or -1 after printing why. */
int cluster_stop(struct cluster *cl);
/* true when a server answers on the socket. */
bool cluster_running(const struct cluster *cl);
/* A libpq connection string for database dbname on this cluster. */
void cluster_conninfo(const struct cluster *cl, const char *dbname, char *buf, size_t n);
/* The same as the cluster's administrator, prudent_admin: its bootstrap superuser, for what only
 * a superuser may do (`prudent db url --admin`, `prudent db psql --admin`). A cluster made before
 * sql/245 has no such role: there the owner is the superuser. */
void cluster_admin_conninfo(const struct cluster *cl, const char *dbname, char *buf, size_t n);
/* 1 when the owner (the role the CLI and the service log in as) is a superuser (a cluster made
 * before sql/245), 0 when not, -1 when it cannot tell (cannot connect). */
int cluster_owner_superuser(const struct cluster *cl);
/* Full path of a PostgreSQL program (psql, pg_dump...) into buf. */
void cluster_program(const struct cluster *cl, const char *name, char *buf, size_t n);

#endif
