/* cmd_debt.c: `prudent debt`, a reporting verb over views/debt.c (see cli_run_view). */
#include "cli/cli.h"

int cmd_debt(struct cli *cli, int argc, char **argv)
{
    return cli_run_view(cli, "debt", argc, argv);
}
