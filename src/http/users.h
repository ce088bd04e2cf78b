/* users.h: the handlers of user management over the API, for admins (users.c; routes.c lists
 * them). Each returns the HTTP status after answering (reply.h). */
#ifndef PRUDENT_HTTP_USERS_H
#define PRUDENT_HTTP_USERS_H

#include "http/request.h"

int http_user_add(struct request *rq);    /* POST /api/v1/users {"name", "role", ...}: 201 with the token */
int http_user_revoke(struct request *rq); /* DELETE /api/v1/users/NAME */
/* POST /api/v1/users/NAME/approve: a second admin (not the one who made it) activates a pending
 * user; 403 same_admin for its maker, 404 unknown_user when no such pending user. */
int http_user_approve(struct request *rq);

#endif
