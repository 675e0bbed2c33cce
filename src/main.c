/* main.c: kitchensync's entry point: set up the locale, parse, dispatch. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "i18n.h"
#include "scn-find.h"
#include "../tui/tui.h"

/* Opens the terminal UI: on SCENARIO (cli args), or the picker. */
static int
main_tui(const struct cli *cli)
{
	struct tui_args ta = { 0 };
	int color = tui_color_parse(cli->color ? cli->color : "auto");

	if (color < 0) {
		fprintf(stderr, _("kitchensync: --color takes auto, never or always, not '%s'\n"), cli->color);
		return KS_EXIT_USAGE;
	}
	if (cli->speed) {
		char *end;
		ta.speed = strtod(cli->speed, &end);
		if (*end || end == cli->speed || !(ta.speed > 0 && ta.speed <= 1000)) {
			fprintf(stderr, _("kitchensync: --speed takes a number above 0, not '%s'\n"), cli->speed);
			return KS_EXIT_USAGE;
		}
	}
	ta.color = (enum tui_color)color;
	ta.ascii = cli->ascii;
	ta.step = cli->step;
	ta.no_progress = cli->no_progress;
	ta.variant = cli->variant;
	if (cli->command == CLI_REPLAY)
		ta.replay = cli->args[0];
	else
		ta.scenario = cli->nargs > 0 ? cli->args[0] : NULL;
	return tui_main(&ta);
}

static int
main_dispatch(const struct cli *cli, const char *progname)
{
	switch (cli->command) {
	case CLI_HELP:
		cli_help(stdout, progname);
		return KS_EXIT_OK;
	case CLI_VERSION:
		cli_version(stdout);
		return KS_EXIT_OK;
	case CLI_KEYS:
		tui_keys_print(stdout);
		return KS_EXIT_OK;
	case CLI_DEFAULT:
		/* On a terminal, the picker; piped, the list. */
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
			return main_tui(cli);
		return cmd_list(cli);
	case CLI_LIST:
		return cmd_list(cli);
	case CLI_CHECK:
		return cmd_check(cli);
	case CLI_SHOW:
		return cmd_show(cli);
	case CLI_RUN:
		/* On a terminal the run is watched in the UI; asked for text, or piped, it is reported. */
		if (!cli->headless && !cli->events && !cli->repeat && !cli->seed && !cli->schedule && !cli->answer &&
		    !cli->cpus && !cli->record && cli->width == 0 && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
			return main_tui(cli);
		return cmd_run(cli);
	case CLI_REPLAY:
		/* On a terminal the trace opens in the UI to scrub; asked for text, or piped, it is printed. */
		if (!cli->headless && cli->width == 0 && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
			return main_tui(cli);
		return cmd_replay(cli);
	case CLI_EXPLORE:
		return cmd_explore(cli);
	case CLI_EXPORT:
		return cmd_export(cli);
	case CLI_SWEEP:
		return cmd_sweep(cli);
	case CLI_COMMAND_COUNT:
		break;
	}
	return KS_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	struct cli cli;
	char *err;
	int status;

	if (setlocale(LC_ALL, "") == NULL)
		fputs("kitchensync: warning: the locale set in the environment is not available; using C\n", stderr);
	/* From the build tree, its own catalog (po/locale, made by make), as it
	 * finds its scenarios there: installed, the one make install put in place. */
	bindtextdomain(PACKAGE, scn_find_uninstalled() ? KS_ABS_BUILDDIR "/po/locale" : LOCALEDIR);
	textdomain(PACKAGE);
	/* Past a file-size limit (ulimit -f) a write fails with EFBIG and is reported, not fatal. */
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
		perror("kitchensync: SIGXFSZ");

	if (cli_parse(&cli, argc, argv, &err) < 0) {
		fprintf(stderr, "kitchensync: %s\n", err);
		fprintf(stderr, _("Try 'kitchensync --help' for more information.\n"));
		free(err);
		return KS_EXIT_USAGE;
	}
	status = main_dispatch(&cli, "kitchensync");
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror(_("kitchensync: writing standard output"));
		return status ? status : KS_EXIT_FAILED;
	}
	return status;
}
