/* cmd.h: the commands main() dispatches to; each returns an exit status. */
#ifndef KS_CMD_H
#define KS_CMD_H

#include "cli.h"

struct prog;
struct prog_variant;

int cmd_list(const struct cli *cli);
int cmd_check(const struct cli *cli);
int cmd_show(const struct cli *cli);
/* Loads the scenario NAME (a name or a path) and its VARIANT (NULL: the
 * first); says what is wrong on stderr and returns NULL when it cannot. */
struct prog *cmd_load_variant(const char *name, const char *variant,
    const struct prog_variant **v);
int cmd_run(const struct cli *cli);
struct eng_config;
/* One live run of C with nothing recorded kept, stopped by SIGINT, SIGTERM,
 * SIGHUP or SIGQUIT (*SIG: which, else 0); the ended engine, or NULL (said
 * on stderr) when it could not run. */
struct eng *cmd_run_bare(const struct eng_config *c, int *sig);
/* cmd-sweep.c */
int cmd_sweep(const struct cli *cli);
/* export --svg OUT.svg FILE: FILE is a sweep's CSV; its curves drawn. */
int cmd_sweep_svg(const struct cli *cli);
/* cmd-explore.c */
int cmd_explore(const struct cli *cli);
/* cmd-trace.c */
struct tl_text_opts;
/* The headless timeline's options from --width, --ascii, --color, NO_COLOR and the locale. */
void cmd_trace_text_opts(const struct cli *cli, struct tl_text_opts *o);
int cmd_replay(const struct cli *cli);
int cmd_export(const struct cli *cli);

#endif
