/* config_dir.h: finding one of prudent's configuration folders (the alert channels' config/, the
 * feed definitions' feeds/), the same way for each:
 *   1. the folder named by an environment variable, when it is set and not empty;
 *   2. else NAME beside the directory holding the running binary (/proc/self/exe), i.e.
 *      bin/../NAME written without the "bin/..", when that is a directory (a source checkout or
 *      an unpacked release);
 *   3. else a fixed installed path.
 * The folder is not required to exist in cases 1 and 3: the caller says what is missing. */
#ifndef PRUDENT_UTIL_CONFIG_DIR_H
#define PRUDENT_UTIL_CONFIG_DIR_H

#include <stddef.h>

/* Writes the folder into buf (size bytes, truncated if longer) and returns buf. env: the
 * variable's name (e.g. "PRUDENT_FEEDS"); name: the folder beside bin/ (e.g. "feeds");
 * installed: the fallback (e.g. "/usr/local/share/prudent/feeds"). */
const char *config_dir_find(const char *env, const char *name, const char *installed, char *buf,
                            size_t size);

#endif
