/* routes.c: the channels an alert's notification is queued for (see routes.h). */
#include "alert/routes.h"

#include "alert/channels.h"
#include "util/err.h"

/* The channels configured for the authority with this code ("": feed alerts). Never fails: a
 * bad or unreadable configuration is reported and replaced by the built-in log channel, so the
 * alert still lands. */
static void channels_for(const char *code, struct alert_config *cfg)
{
    char err[1024];
    if (alert_config_load(code[0] ? code : NULL, cfg, err, sizeof err) < 0) {
        warning("%s", err);
        detail("alerts go to the built-in log channel until the configuration is fixed");
        detail("check it with `prudent alerts channels%s%s`", code[0] ? " --authority " : "", code);
        alert_config_builtin(cfg);
    }
}

int alert_channel_routes(const char *code, const char *kind, const char *event, alert_queue_fn queue, void *arg)
{
    struct alert_config cfg;
    channels_for(code, &cfg);
    int rc = 0;
    for (int i = 0; i < cfg.n && rc == 0; i++) {
        const struct alert_channel *ch = &cfg.channels[i];
        if (!alert_channel_wants(ch, kind, event))
            continue;
        struct alert_route r = {ch->type_name, ch->name, ch->target, ch->settings,
                                ch->max_attempts, ch->backoff_seconds, ch->max_backoff_seconds};
        rc = queue(arg, &r);
    }
    alert_config_free(&cfg);
    return rc;
}

void alert_routes_install(void)
{
    alert_set_router(alert_channel_routes);
}
