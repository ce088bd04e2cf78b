/* background.h: the service's background jobs on a thread of their own (background.c): periodic
 * jobs and the LISTEN prudent_change loop. */
#ifndef PRUDENT_HTTP_BACKGROUND_H
#define PRUDENT_HTTP_BACKGROUND_H

#include <stdbool.h>

/* Start the thread: 0, or -1 when it could not be made. */
int background_start(void);
/* Stop it (waits, within about a second); nothing when it was not started. */
void background_stop(void);
/* Whether this instance runs the jobs shared by all instances (it holds the lease). */
bool background_leading(void);

#endif
