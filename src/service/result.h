/* result.h: how a use case of src/service hands back its answer: a JSON document in *result (the
 * caller's, freed with cJSON_Delete) and an exit code (util/err.h). An error answer is
 * {"error": {"code", "message", "field"}} with the code's wire name, and the exit code, from the
 * one error table (util/errcode.h); http/reply.c maps it to the code's HTTP status. */
#ifndef PRUDENT_SERVICE_RESULT_H
#define PRUDENT_SERVICE_RESULT_H

#include <cjson/cJSON.h>

#include "util/errcode.h"

/* Replace *result with doc (taking it); with result NULL, doc is freed. */
void result_set(cJSON **result, cJSON *doc);
/* The error answer of code with a message from fmt; returns the code's exit code. */
int result_error(cJSON **result, enum pr_error code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The database failed (the cause was printed on stderr): PR_ERR_DATABASE, EXIT_DEP. */
int result_database(cJSON **result);

#endif
