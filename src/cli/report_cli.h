/* report_cli.h: what cmd_report.c and cmd_report_record.c share: building and writing a report,
 * and recording one (docs/reports.md "Recorded reports"). Private to the two files. */
#ifndef PRUDENT_CLI_REPORT_CLI_H
#define PRUDENT_CLI_REPORT_CLI_H

#include "cli/cli.h"
#include "report/writer.h"
#include "store/report_record.h"
#include "views/view.h"

/* Build report `kind` of authority a and write it in fmt to out (NULL: stdout), its "generated"
 * stamp `generated` (NULL: PRUDENT_NOW, else now). Returns an EXIT_* code (printed). */
int cli_report_write(struct cli *cli, const char *kind, const struct authority *a, const struct view_args *args,
                     enum report_format fmt, const char *out, const char *generated);

/* `report KIND ... --record`: make the report as known at one moment (known_at, else the
 * database's clock now), stamped with that moment, write it to out (NULL: stdout) and record it
 * with its hash and bytes (rec: authority, kind, format and arguments filled in; --by `by`).
 * Returns an EXIT_* code (printed). */
int cli_report_record(struct cli *cli, const struct authority *a, struct report_record *rec, const char *known_at,
                      const char *by, const char *out);

int cmd_report_list(struct cli *cli, int argc, char **argv);
int cmd_report_reproduce(struct cli *cli, int argc, char **argv);

#endif
