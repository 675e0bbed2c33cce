/* main.c: kitchensync's entry point: set up the locale, parse, dispatch. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd.h"
#include "i18n.h"

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
	case CLI_DEFAULT:
	case CLI_LIST:
		return cmd_list(cli);
	case CLI_CHECK:
		return cmd_check(cli);
	case CLI_SHOW:
		return cmd_show(cli);
	case CLI_REPLAY:
		return cmd_replay(cli);
	case CLI_EXPORT:
		return cmd_export(cli);
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
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);

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
