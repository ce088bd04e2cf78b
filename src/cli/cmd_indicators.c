/* cmd_indicators.c: `prudent indicators`, the prudential indicators under the strategy in force
 * at the as-of date (views/indicators.c). */
#include "cli/cli.h"

int cmd_indicators(struct cli *cli, int argc, char **argv)
{
    return cli_run_view(cli, "indicators", argc, argv);
}
