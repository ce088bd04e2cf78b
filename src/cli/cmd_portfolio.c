/* cmd_portfolio.c: `prudent portfolio`, a reporting verb over views/portfolio.c (see cli_run_view). */
#include "cli/cli.h"

int cmd_portfolio(struct cli *cli, int argc, char **argv)
{
    return cli_run_view(cli, "portfolio", argc, argv);
}
