/* ks-check.c: one runner for every Check program: TAP on stdout, a case per line. */
#include "config.h"

#include "ks-check.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int
ks_check_run(Suite *first, ...)
{
	SRunner *sr = srunner_create(first);
	va_list ap;
	Suite *s;
	int failed;

	va_start(ap, first);
	while ((s = va_arg(ap, Suite *)) != NULL)
		srunner_add_suite(sr, s);
	va_end(ap);
	/* "-" is Check's name for standard output; the harness reads TAP there. */
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

const char *
ks_check_data(const char *name)
{
	static char path[PATH_MAX];
	const char *dir = getenv("KS_TESTDATA");

	snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/data", name);
	return path;
}
