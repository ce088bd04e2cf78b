/* log.c: http_log, the service's one-line JSON log on stderr (see log.h). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "http/log.h"

void http_log(const char *level, const char *msg, cJSON *extra)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[80];
    snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    cJSON *line = cJSON_CreateObject();
    cJSON_AddStringToObject(line, "ts", when);
    cJSON_AddStringToObject(line, "level", level);
    cJSON_AddStringToObject(line, "msg", msg);
    for (cJSON *f = extra ? extra->child : NULL; f; f = f->next)
        cJSON_AddItemReferenceToObject(line, f->string, f);
    char *s = cJSON_PrintUnformatted(line);
    if (s) {
        fprintf(stderr, "%s\n", s);
        free(s);
    }
    cJSON_Delete(line);
    cJSON_Delete(extra);
}
