/* result.c: the answers of the use cases (see result.h). */
#include "service/result.h"

#include <stdarg.h>
#include <stdio.h>

void result_set(cJSON **result, cJSON *doc)
{
    if (result) {
        cJSON_Delete(*result);
        *result = doc;
    } else {
        cJSON_Delete(doc);
    }
}

int result_error(cJSON **result, enum pr_error code, const char *field, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    result_set(result, pr_error_doc(code, msg, field));
    return pr_error_exit(code);
}

int result_database(cJSON **result)
{
    result_set(result, pr_error_doc(PR_ERR_DATABASE, pr_error_message(PR_ERR_DATABASE), NULL));
    return pr_error_exit(PR_ERR_DATABASE);
}
