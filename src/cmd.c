/* cmd.c: the commands.  Placeholder bodies until the scenario language lands. */
#include "config.h"

#include "cmd.h"

#include <stdio.h>

#include "i18n.h"

int
cmd_list(const struct cli *cli)
{
	(void)cli;
	puts(_("No scenarios are available yet."));
	return KS_EXIT_OK;
}

int
cmd_check(const struct cli *cli)
{
	(void)cli;
	fputs(_("kitchensync: the scenario language is not built yet\n"), stderr);
	return KS_EXIT_USAGE;
}

int
cmd_show(const struct cli *cli)
{
	(void)cli;
	fputs(_("kitchensync: the scenario language is not built yet\n"), stderr);
	return KS_EXIT_USAGE;
}
