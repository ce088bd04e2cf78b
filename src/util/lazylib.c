/* lazylib.c: shared libraries opened on their first use (see lazylib.h). */
#include "util/lazylib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "util/err.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* dlopen l and resolve its symbols; l->state and l->why say how it went. Called under lock. */
static void open_lib(struct lazylib *l)
{
    void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(l->why, sizeof l->why, "%s needs %s, which could not be loaded: %s", l->what, l->soname,
                 why ? why : "unknown reason");
        l->state = -1;
        return;
    }
    for (int i = 0; i < l->nsyms; i++) {
        dlerror();
        void *p = dlsym(h, l->syms[i].name);
        if (!p) {
            const char *why = dlerror();
            snprintf(l->why, sizeof l->why, "%s needs %s from %s: %s", l->what, l->syms[i].name, l->soname,
                     why ? why : "not found");
            l->state = -1;
            return; /* the handle stays open until the process ends, as a loaded one would */
        }
        *l->syms[i].slot = p;
    }
    l->state = 1;
}

int lazylib_load(struct lazylib *l)
{
    pthread_mutex_lock(&lock);
    if (l->state == 0)
        open_lib(l);
    int state = l->state;
    pthread_mutex_unlock(&lock);
    return state > 0 ? 0 : error("%s", l->why);
}
