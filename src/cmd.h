/* cmd.h: the commands main() dispatches to; each returns an exit status. */
#ifndef KS_CMD_H
#define KS_CMD_H

#include "cli.h"

int cmd_list(const struct cli *cli);
int cmd_check(const struct cli *cli);
int cmd_show(const struct cli *cli);
/* cmd-trace.c */
int cmd_replay(const struct cli *cli);
int cmd_export(const struct cli *cli);

#endif
