/* web_session.h: the web pages' sessions (web_session.c, docs/web.md): an API token exchanged
 * for an HttpOnly, SameSite=Strict cookie with a CSRF token, and the lookup of the cookie's
 * session for a request without a bearer token (auth.c).
 *
 * Sessions are rows of web_sessions (sql/060), so they survive a restart of the service: each
 * ends WEB_SESSION_IDLE_SECONDS after its last use, WEB_SESSION_MAX_SECONDS after sign-in at the
 * latest, on sign-out, when its user is revoked or given a new token, or when the user signs in
 * a 21st time (the oldest ends). Nothing returned needs freeing. */
#ifndef PRUDENT_HTTP_WEB_SESSION_H
#define PRUDENT_HTTP_WEB_SESSION_H

#include <stdbool.h>

#include "http/request.h"

#define WEB_SESSION_IDLE_SECONDS (2 * 3600)
#define WEB_SESSION_MAX_SECONDS (10 * 3600)
#define WEB_SESSIONS_PER_USER 20 /* a sign-in beyond ends the user's oldest session */
#define WEB_COOKIE "prudent_session"
#define WEB_CSRF_HEADER "X-CSRF-Token"

/* For http_authorise (auth.c) when there is no bearer token, inside the request's transaction
 * and before it drops to prudent_service: the live session of the cookie fills rq->user and sets
 * *found; no cookie leaves *found false. A request other than GET or HEAD must carry the
 * session's CSRF token in the X-CSRF-Token header. Returns 0, or the 401/403/5xx status after
 * answering. */
int web_session_user(struct request *rq, bool *found);

/* Handlers (routes.c lists them). */
int web_sign_in(struct request *rq);      /* POST /api/v1/session {"token"} */
int web_session_info(struct request *rq); /* GET /api/v1/session */
int web_sign_out(struct request *rq);     /* DELETE /api/v1/session */

#endif
