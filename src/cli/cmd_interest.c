/* cmd_interest.c: `prudent interest`, interest earned, receivable, accrued and payable over a
 * period (views/interest.c). */
#include "cli/cli.h"

int cmd_interest(struct cli *cli, int argc, char **argv)
{
    return cli_run_view(cli, "interest", argc, argv);
}
