/* check_diag.c: diagnostics on long lines and wide characters: each message
 * is bounded however long its line, the caret stays under the right column. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ks-check.h"

#include "diag.h"
#include "prog.h"
#include "scn.h"
#include "xalloc.h"

/* Compiles LEN bytes of SRC as "t.ks"; returns what was printed (allocated). */
static char *
diags_of(const char *src, size_t len)
{
	char *buf = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&buf, &blen);
	struct diag *d;

	ck_assert_ptr_nonnull(f);
	d = diag_new(f);
	prog_free(scn_parse_buffer("t.ks", src, len, d));
	diag_free(d);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

/* Lines of TEXT (a copy) by number, 0-based; NULL past the end. */
static char *
line_of(const char *text, int n)
{
	const char *p = text, *e;

	for (; n > 0 && p; n--) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (p == NULL || *p == '\0')
		return NULL;
	e = strchr(p, '\n');
	return xstrndup(p, e ? (size_t)(e - p) : strlen(p));
}

START_TEST(test_diag__cjk_caret_short_line)
{
	static const char src[] = "thread \"廚師\" { say \"好\"; wrk 1ms }\n";
	char *out = diags_of(src, sizeof src - 1);

	ck_assert_str_eq(out,
	    "t.ks:1:24: error: unknown statement 'wrk'\n"
	    "    1 | thread \"廚師\" { say \"好\"; wrk 1ms }\n"
	    "      |                           ^~~\n"
	    "  hint: did you mean 'work'?\n");
	free(out);
}
END_TEST

/* A 1 MiB line with an error in its middle: a window around it, "..." at both cuts. */
START_TEST(test_diag__window_on_a_long_line)
{
	size_t n = 1 << 20, at;
	char *src = xmalloc(n + 1), *out, *l1, *l2;
	static const char bad[] = "say \"好好好\"; wrk 1ms;     ";  /* 30 bytes: the rest stays aligned */

	memcpy(src, "thread A { ", 11);
	for (size_t i = 11; i < n; i++)
		src[i] = "work 1ms; "[(i - 11) % 10];
	at = 11 + 10 * 50000;
	memcpy(src + at, bad, sizeof bad - 1);
	memcpy(src + n - 2, " }", 2);
	out = diags_of(src, n);
	ck_assert_msg(strlen(out) < 1000, "%zu bytes printed for one error", strlen(out));
	ck_assert_msg(strncmp(out, "t.ks:1:500023: error: unknown statement 'wrk'\n", 46) == 0, "%s", out);
	l1 = line_of(out, 1);
	l2 = line_of(out, 2);
	ck_assert_ptr_nonnull(l1);
	ck_assert_ptr_nonnull(l2);
	ck_assert_msg(strncmp(l1, "    1 | ...", 11) == 0, "%s", l1);
	ck_assert_msg(strlen(l1) > 3 && strcmp(l1 + strlen(l1) - 3, "...") == 0, "%s", l1);
	/* the caret under the 'w' of wrk: the wide characters before it take two columns each */
	{
		const char *w = strstr(l1, "; wrk");
		size_t col = 0;
		ck_assert_ptr_nonnull(w);
		for (const char *p = l1; p < w + 2; p++)
			if (((unsigned char)*p & 0xc0) != 0x80)
				col += ((unsigned char)*p >= 0xe0) ? 2 : 1;
		ck_assert_msg(strlen(l2) == col + 3, "caret at %zu, 'wrk' at %zu:\n%s\n%s", strlen(l2), col, l1, l2);
		ck_assert_str_eq(l2 + col, "^~~");
	}
	free(l1);
	free(l2);
	free(out);
	free(src);
}
END_TEST

/* Twenty errors and a cut note on one 1 MiB line: the output stays small. */
START_TEST(test_diag__many_errors_on_a_long_line_are_bounded)
{
	size_t n = (1 << 20) - 2;
	char *src = xmalloc(n + 1), *out;
	int errors = 0;

	memcpy(src, "thread A { ", 11);
	for (size_t i = 11; i < n; i++)
		src[i] = "x; "[(i - 11) % 3];
	src[n - 1] = '}';
	out = diags_of(src, n);
	for (const char *p = out; (p = strstr(p, ": error: ")) != NULL; p++)
		errors++;
	ck_assert_int_eq(errors, DIAG_MAX_ERRORS);
	ck_assert_ptr_nonnull(strstr(out, "t.ks: note: too many errors; stopping after 20"));
	ck_assert_msg(strlen(out) < 20 * 400, "%zu bytes printed", strlen(out));
	free(out);
	free(src);
}
END_TEST

/* Columns on a long line are counted right (they are taken from marks every 1 KiB). */
START_TEST(test_diag__locate_on_a_long_line)
{
	size_t n = 300000;
	char *src = xmalloc(n);
	struct diag *d = diag_new(stderr);
	int line, col;

	for (size_t i = 0; i < n; i++)
		src[i] = (char)(i % 3 == 0 ? 0xe5 : i % 3 == 1 ? 0xa5 : 0xbd);  /* 好 */
	src[1000] = '\n';  /* inside a character: bytes 1001.. are line 2 */
	diag_set_source(d, "t", src, n);
	diag_locate(d, 999, &line, &col);
	ck_assert_int_eq(line, 1);
	ck_assert_int_eq(col, 334);
	diag_locate(d, 1001 + 3 * 50000 + 1, &line, &col);
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(col, (int)diag_utf8_chars(src + 1001, 3 * 50000 + 1) + 1);
	diag_locate(d, n, &line, &col);
	ck_assert_int_eq(col, (int)diag_utf8_chars(src + 1001, n - 1001) + 1);
	diag_free(d);
	free(src);
}
END_TEST

/* Warnings are shown up to the same cap as errors, then counted. */
START_TEST(test_diag__warnings_are_capped)
{
	struct diag *d;
	char *buf = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&buf, &blen);
	int shown = 0;

	ck_assert_ptr_nonnull(f);
	d = diag_new(f);
	diag_set_source(d, "t", "var x\n", 6);
	for (int i = 0; i < 50; i++)
		diag_warning(d, 0, 1, "warning %d", i);
	ck_assert_int_eq(diag_warnings(d), 50);
	diag_free(d);
	ck_assert_int_eq(fclose(f), 0);
	for (const char *p = buf; (p = strstr(p, ": warning: ")) != NULL; p++)
		shown++;
	ck_assert_int_eq(shown, DIAG_MAX_ERRORS);
	ck_assert_ptr_nonnull(strstr(buf, "t: note: too many warnings; showing the first 20"));
	free(buf);
}
END_TEST

static Suite *
diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("long-lines");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_diag__cjk_caret_short_line);
	tcase_add_test(tc, test_diag__window_on_a_long_line);
	tcase_add_test(tc, test_diag__many_errors_on_a_long_line_are_bounded);
	tcase_add_test(tc, test_diag__locate_on_a_long_line);
	tcase_add_test(tc, test_diag__warnings_are_capped);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ks_check_run(diag_suite(), NULL);
}
