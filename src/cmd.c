/* cmd.c: the commands: list, check, show. */
#include "config.h"

#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "prog-print.h"
#include "prog.h"
#include "scn-find.h"
#include "scn.h"

int
cmd_list(const struct cli *cli)
{
	size_t n, ndirs;
	char **paths = scn_find_all(&n);
	const char *lang = prog_lang();
	FILE *devnull = fopen("/dev/null", "w");
	struct diag *d = diag_new(devnull ? devnull : stderr);

	(void)cli;
	if (n == 0) {
		char **dirs = scn_find_dirs(&ndirs);
		puts(_("No scenarios found.  Looked in:"));
		for (size_t i = 0; i < ndirs; i++)
			printf("  %s\n", dirs[i]);
		scn_find_free(dirs, ndirs);
	}
	for (size_t i = 0; i < n; i++) {
		struct prog *prog = scn_load(paths[i], d);
		const char *base = strrchr(paths[i], '/') + 1;
		if (prog == NULL) {
			printf("%-16.*s ", (int)(strlen(base) - 3), base);
			printf(_("(does not compile: run 'kitchensync check %s')\n"), paths[i]);
			continue;
		}
		{
			const char *title = prog_text_get(&prog->title, lang);
			printf("%-16.*s %s\n", (int)(strlen(base) - 3), base, title ? title : "");
		}
		if (prog->nvariants > 1 || strcmp(prog->variants[0].name, "main") != 0) {
			printf("%-16s %s", "", _("variants:"));
			for (size_t j = 0; j < prog->nvariants; j++)
				printf("%s %s", j ? "," : "", prog->variants[j].name);
			putchar('\n');
		}
		prog_free(prog);
	}
	diag_free(d);
	if (devnull)
		fclose(devnull);
	scn_find_free(paths, n);
	return KS_EXIT_OK;
}

int
cmd_check(const struct cli *cli)
{
	struct diag *d = diag_new(stderr);
	int status = KS_EXIT_OK;

	for (int i = 0; i < cli->nargs; i++) {
		struct prog *prog = scn_load(cli->args[i], d);
		if (prog == NULL) {
			status = KS_EXIT_USAGE;
			continue;
		}
		if (diag_warnings(d) > 0)
			printf(P_("%s: ok, %d warning\n", "%s: ok, %d warnings\n", diag_warnings(d)),
			    cli->args[i], diag_warnings(d));
		else
			printf(_("%s: ok\n"), cli->args[i]);
		prog_free(prog);
	}
	diag_free(d);
	return status;
}

struct prog *
cmd_load_variant(const char *name, const char *variant, const struct prog_variant **v)
{
	char *path = scn_find(name);
	struct diag *d;
	struct prog *prog;

	if (path == NULL) {
		fprintf(stderr, _("kitchensync: no scenario named '%s' (see 'kitchensync list')\n"), name);
		return NULL;
	}
	d = diag_new(stderr);
	prog = scn_load(path, d);
	diag_free(d);
	free(path);
	if (prog == NULL)
		return NULL;
	*v = prog_variant_find(prog, variant);
	if (*v == NULL) {
		fprintf(stderr, _("kitchensync: %s has no variant '%s'; it has:"), prog->name, variant);
		for (size_t i = 0; i < prog->nvariants; i++)
			fprintf(stderr, " %s", prog->variants[i].name);
		fputc('\n', stderr);
		prog_free(prog);
		return NULL;
	}
	return prog;
}

int
cmd_show(const struct cli *cli)
{
	const struct prog_variant *v;
	struct prog *prog = cmd_load_variant(cli->args[0], cli->variant, &v);

	if (prog == NULL)
		return KS_EXIT_USAGE;
	prog_print_variant(stdout, prog, v, prog_lang());
	prog_free(prog);
	return KS_EXIT_OK;
}
