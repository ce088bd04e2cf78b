/* cmd_wam.c: `prudent wam`, weighted average maturity of the investments (views/wam.c). */
#include "cli/cli.h"

int cmd_wam(struct cli *cli, int argc, char **argv)
{
    return cli_run_view(cli, "wam", argc, argv);
}
