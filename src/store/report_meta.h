/* report_meta.h: database look-ups for reports (the authority's full name). */
#ifndef PRUDENT_STORE_REPORT_META_H
#define PRUDENT_STORE_REPORT_META_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* Copy the name of authority id into buf (n bytes). Returns EXIT_OK, EXIT_BAD (no such
 * authority) or EXIT_DEP, after printing why. */
int store_authority_name(PGconn *c, int64_t id, char *buf, size_t n);

#endif
