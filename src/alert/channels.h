/* channels.h: where an authority's alerts are delivered: the channel configuration files.
 *
 * $PRUDENT_CONFIG/alerts/CODE.json configures authority CODE; $PRUDENT_CONFIG/alerts/default.json
 * configures feed alerts (which belong to no authority) and every authority without a file of
 * its own. With neither file, alerts go to one built-in log channel, so an alert is always at
 * least logged. PRUDENT_CONFIG defaults to the config/ directory beside the binary's parent
 * (bin/../config) when there is one, else /etc/prudent. The format is documented in
 * docs/alerts.md:
 *
 *   {"channels": [{"name": "ops-log", "type": "log"},
 *                 {"name": "hook", "type": "webhook", "url": "https://...", "kinds": ["counterparty.*"]},
 *                 {"name": "mail", "type": "email", "url": "smtp://mail:25", "from": "...", "to": ["..."]}],
 *    "retry": {"backoff_seconds": 30, "max_backoff_seconds": 3600, "max_attempts": 12}}
 *
 * A struct alert_config owns everything it points to; free it with alert_config_free. */
#ifndef PRUDENT_ALERT_CHANNELS_H
#define PRUDENT_ALERT_CHANNELS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum alert_channel_type { CHANNEL_LOG, CHANNEL_WEBHOOK, CHANNEL_EMAIL };

struct alert_channel {
    char *name;                 /* unique within the file */
    enum alert_channel_type type;
    const char *type_name;      /* "log", "webhook", "email" (static) */
    char *target;               /* "-" for log, else the URL */
    cJSON *settings;            /* the channel's object as written, retry merged in */
    bool on_raised, on_resolved;
    int max_attempts, backoff_seconds, max_backoff_seconds;
};

struct alert_config {
    char *origin;               /* the file read, or "built-in" */
    int n;
    struct alert_channel *channels;
};

/* The configuration directory (util/config_dir.h): $PRUDENT_CONFIG, else bin/../config if it is a
 * directory, else
 * /etc/prudent. Writes into buf and returns it. */
const char *alert_config_dir(char *buf, size_t size);

/* Load the channels for an authority (code NULL: feed alerts): CODE.json, else default.json,
 * else the built-in log channel. Returns 0, or -1 with a message in err when a file exists but
 * is not valid (out is then empty). */
int alert_config_load(const char *code, struct alert_config *out, char *err, size_t errsize);

/* Parse a configuration document (origin names it in messages). Returns 0 or -1 with err. */
int alert_config_parse(const char *text, const char *origin, struct alert_config *out, char *err,
                       size_t errsize);

/* The built-in configuration: one channel "log" of type log. */
void alert_config_builtin(struct alert_config *out);

void alert_config_free(struct alert_config *cfg);

/* Whether a channel wants this event ("raised" or "resolved") of an alert of this kind. */
bool alert_channel_wants(const struct alert_channel *ch, const char *kind, const char *event);

/* Seconds to wait after the attempts-th failed attempt (1, 2, ...): base * 2^(attempts-1),
 * at most cap. */
int alert_backoff_seconds(int attempts, int base, int cap);

#endif
