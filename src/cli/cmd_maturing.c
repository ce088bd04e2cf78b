/* cmd_maturing.c: `prudent maturing`, a reporting verb over views/maturing.c (see cli_run_view). */
#include "cli/cli.h"

int cmd_maturing(struct cli *cli, int argc, char **argv)
{
    return cli_run_view(cli, "maturing", argc, argv);
}
