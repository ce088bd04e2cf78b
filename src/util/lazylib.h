/* lazylib.h: a shared library opened on its first use (dlopen) rather than at every start of
 * the program. A library the common verbs never call (libxml2 for camt.053 statements, with
 * ICU and libstdc++ behind it) cost every process its loading and relocation: about 5 million
 * instructions of a 3,000-row import (docs/performance.md, issue 23). Thread-safe. */
#ifndef PRUDENT_UTIL_LAZYLIB_H
#define PRUDENT_UTIL_LAZYLIB_H

/* One symbol: its name and where its address goes (a function pointer of the right type, or a
 * pointer to the library's variable). */
struct lazy_sym {
    const char *name;
    void **slot;
};

struct lazylib {
    const char *soname;         /* the file dlopen looks for, e.g. "libxml2.so.2" */
    const char *what;           /* what needs it, for the error: "reading camt.053 statements" */
    const struct lazy_sym *syms;
    int nsyms;
    int state;                  /* 0 not tried, 1 loaded, -1 failed (set here) */
    char why[320];              /* the failure, said again by every later call */
};

/* Open l and fill every slot, once per process (later calls give the first answer). Returns 0,
 * or -1 after error() said what failed (each call says it). The library stays loaded until the
 * process ends. */
int lazylib_load(struct lazylib *l);

#endif
