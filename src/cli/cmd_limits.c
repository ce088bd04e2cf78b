/* cmd_limits.c: `prudent limits`: the lending list at a date (views/limits.c). */
#include "cli/cli.h"

int cmd_limits(struct cli *cli, int argc, char **argv)
{
    return cli_run_view(cli, "limits", argc, argv);
}
