/* web_alerts.c: acknowledging an alert from the web pages (see web_alerts.h, docs/web.md). */
#include <stdlib.h>

#include "http/reply.h"
#include "http/web_alerts.h"
#include "store/alert.h"

int web_alert_ack(struct request *rq)
{
    char *end;
    long long id = strtoll(rq->params[1], &end, 10);
    if (*end || id <= 0)
        return http_error(rq, PR_ERR_NOT_FOUND, "id", "no alert %s", rq->params[1]);
    int rc = alert_acknowledge(rq->db, rq->authority.id, id, rq->user.name);
    if (rc < 0)
        return http_db_failure(rq);
    if (rc == ALERT_ACK_UNKNOWN)
        return http_error(rq, PR_ERR_NOT_FOUND, "id", "no alert %lld for %s", id, rq->authority.code);
    if (rc == ALERT_ACK_RESOLVED)
        return http_error(rq, PR_ERR_RESOLVED, "id", "alert %lld is resolved already", id);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "id", (double)id);
    cJSON_AddStringToObject(doc, "status", "acknowledged");
    cJSON_AddBoolToObject(doc, "changed", rc == ALERT_ACKED);
    return http_json(rq, 200, doc);
}
