/* check_cli.c: the command line parser: commands, options, operands, errors. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ks-check.h"

/* Parses a NULL-terminated list of words; returns cli_parse's result. */
static int
parse(struct cli *cli, char **err, ...)
{
	static char progname[] = "kitchensync";
	static char *argv[32];
	va_list ap;
	int argc = 0;

	va_start(ap, err);
	argv[argc++] = progname;
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	return cli_parse(cli, argc, argv, err);
}

START_TEST(test_cli__no_command_is_default)
{
	struct cli cli;
	char *err;
	ck_assert_int_eq(parse(&cli, &err, NULL), 0);
	ck_assert_int_eq(cli.command, CLI_DEFAULT);
	ck_assert_int_eq(cli.nargs, 0);
	ck_assert_ptr_null(err);
}
END_TEST

START_TEST(test_cli__help_and_version)
{
	struct cli cli;
	char *err;
	ck_assert_int_eq(parse(&cli, &err, "--help", NULL), 0);
	ck_assert_int_eq(cli.command, CLI_HELP);
	ck_assert_int_eq(parse(&cli, &err, "-V", NULL), 0);
	ck_assert_int_eq(cli.command, CLI_VERSION);
	/* help wins over version whatever the order */
	ck_assert_int_eq(parse(&cli, &err, "-V", "-h", NULL), 0);
	ck_assert_int_eq(cli.command, CLI_HELP);
	ck_assert_int_eq(parse(&cli, &err, "list", "--help", NULL), 0);
	ck_assert_int_eq(cli.command, CLI_HELP);
}
END_TEST

START_TEST(test_cli__command_and_operands)
{
	struct cli cli;
	char *err;
	ck_assert_int_eq(parse(&cli, &err, "check", "a.ks", "b.ks", NULL), 0);
	ck_assert_int_eq(cli.command, CLI_CHECK);
	ck_assert_str_eq(cli.command_name, "check");
	ck_assert_int_eq(cli.nargs, 2);
	ck_assert_str_eq(cli.args[0], "a.ks");
	ck_assert_str_eq(cli.args[1], "b.ks");
}
END_TEST

START_TEST(test_cli__options_anywhere)
{
	struct cli cli;
	char *err;
	ck_assert_int_eq(parse(&cli, &err, "show", "race", "--variant", "locked", NULL), 0);
	ck_assert_int_eq(cli.command, CLI_SHOW);
	ck_assert_int_eq(cli.nargs, 1);
	ck_assert_str_eq(cli.args[0], "race");
	ck_assert_str_eq(cli.variant, "locked");
	ck_assert_int_eq(parse(&cli, &err, "--variant=unsafe", "show", "race", NULL), 0);
	ck_assert_str_eq(cli.variant, "unsafe");
}
END_TEST

/* --no-progress: for the picker (no command) and run; not for commands that keep no progress. */
START_TEST(test_cli__no_progress)
{
	struct cli cli;
	char *err;

	ck_assert_int_eq(parse(&cli, &err, NULL), 0);
	ck_assert(!cli.no_progress);
	ck_assert_int_eq(parse(&cli, &err, "--no-progress", NULL), 0);
	ck_assert_int_eq(cli.command, CLI_DEFAULT);
	ck_assert(cli.no_progress);
	ck_assert_int_eq(parse(&cli, &err, "run", "race", "--no-progress", NULL), 0);
	ck_assert(cli.no_progress);
	ck_assert_int_eq(parse(&cli, &err, "list", "--no-progress", NULL), -1);
	ck_assert_str_eq(err, "option '--no-progress' does not apply to 'list'");
	free(err);
}
END_TEST

START_TEST(test_cli__errors)
{
	struct cli cli;
	char *err;

	ck_assert_int_eq(parse(&cli, &err, "cook", NULL), -1);
	ck_assert_str_eq(err, "unknown command 'cook'");
	free(err);
	ck_assert_int_eq(parse(&cli, &err, "--frobnicate", NULL), -1);
	ck_assert_str_eq(err, "unknown option '--frobnicate'");
	free(err);
	ck_assert_int_eq(parse(&cli, &err, "-z", NULL), -1);
	ck_assert_str_eq(err, "unknown option '-z'");
	free(err);
	ck_assert_int_eq(parse(&cli, &err, "show", "--variant", NULL), -1);
	ck_assert_str_eq(err, "option '--variant' needs an argument");
	free(err);
	ck_assert_int_eq(parse(&cli, &err, "check", NULL), -1);
	ck_assert_str_eq(err, "'check' needs FILE...");
	free(err);
	ck_assert_int_eq(parse(&cli, &err, "show", "a", "b", NULL), -1);
	ck_assert_str_eq(err, "'show' takes at most 1 operand(s), got 2");
	free(err);
	ck_assert_int_eq(parse(&cli, &err, "list", "--variant", "x", NULL), -1);
	ck_assert_str_eq(err, "option '--variant' does not apply to 'list'");
	free(err);
}
END_TEST

START_TEST(test_cli__help_text_documents_exit_statuses)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	cli_help(f, "kitchensync");
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_ptr_nonnull(strstr(buf, "Usage: kitchensync"));
	ck_assert_ptr_nonnull(strstr(buf, "Exit status:"));
	ck_assert_ptr_nonnull(strstr(buf, "  0  success"));
	ck_assert_ptr_nonnull(strstr(buf, "  1  a run failed"));
	ck_assert_ptr_nonnull(strstr(buf, "  2  bad usage"));
	/* every command in the table is listed */
	ck_assert_ptr_nonnull(strstr(buf, "  check FILE..."));
	ck_assert_ptr_nonnull(strstr(buf, "--variant=NAME"));
	free(buf);
}
END_TEST

static Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_cli__no_command_is_default);
	tcase_add_test(tc, test_cli__help_and_version);
	tcase_add_test(tc, test_cli__command_and_operands);
	tcase_add_test(tc, test_cli__options_anywhere);
	tcase_add_test(tc, test_cli__errors);
	tcase_add_test(tc, test_cli__no_progress);
	tcase_add_test(tc, test_cli__help_text_documents_exit_statuses);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ks_check_run(cli_suite(), NULL);
}
