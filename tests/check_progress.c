/* check_progress.c: the learner's progress file: kept across restarts, merged,
 * a damaged file ignored (and kept aside), a directory it cannot write. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ks-check.h"
#include "progress.h"
#include "xalloc.h"

static char dir[256];

static void
setup(void)
{
	snprintf(dir, sizeof dir, "%s/ks-progress-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char *cmd = xasprintf("chmod -R u+w '%s' && rm -rf '%s'", dir, dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
}

static char *
in_dir(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void
write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = xcalloc(1, 65536);
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* How many entries DIR holds besides . and .. */
static int
dir_entries(const char *d)
{
	char *cmd = xasprintf("ls -A '%s' | wc -l", d);
	FILE *p = popen(cmd, "r");
	int n = -1;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	free(cmd);
	return n;
}

/* A fresh progress from PATH, loaded; asserts it loads cleanly. */
static struct progress *
reload(const char *path)
{
	struct progress *p = progress_new(path);
	char *warn = NULL;

	ck_assert_msg(progress_load(p, &warn) == 0, "load: %s", warn ? warn : "?");
	ck_assert_ptr_null(warn);
	return p;
}

START_TEST(test_progress__survives_a_restart)
{
	char *path = in_dir("state/kitchensync/progress"), *err = NULL;
	struct progress *p = reload(path);  /* missing: no progress yet, no warning */
	unsigned steps = 0, fewest = 0;

	ck_assert(!progress_seen(p, "race"));
	ck_assert(progress_set_seen(p, "race"));
	ck_assert(!progress_set_seen(p, "race"));  /* already known: nothing changed */
	ck_assert(progress_set_answer(p, "race", "unsafe", 0, false));
	ck_assert(progress_set_answer(p, "race", "unsafe", 1, true));
	ck_assert(progress_set_solved(p, "deadlock", "main", 7, 4));
	/* Names with spaces, '%' and wide characters survive the file. */
	ck_assert(progress_set_seen(p, "my 100% lesson 廚房"));
	ck_assert_msg(progress_save(p, &err) == 0, "save: %s", err ? err : "?");
	progress_free(p);

	p = reload(path);
	ck_assert(progress_seen(p, "race"));
	ck_assert(progress_seen(p, "my 100% lesson 廚房"));
	ck_assert(!progress_seen(p, "deadlock"));
	ck_assert_int_eq(progress_answer(p, "race", "unsafe", 0), 0);
	ck_assert_int_eq(progress_answer(p, "race", "unsafe", 1), 1);
	ck_assert_int_eq(progress_answer(p, "race", "unsafe", 2), -1);
	ck_assert_int_eq(progress_answer(p, "race", "locked", 0), -1);
	ck_assert(progress_solved(p, "deadlock", "main", &steps, &fewest));
	ck_assert_uint_eq(steps, 7);
	ck_assert_uint_eq(fewest, 4);
	ck_assert(!progress_solved(p, "race", "main", NULL, NULL));
	/* Only the file itself is left in its directory: no temporary files. */
	{
		char *d = in_dir("state/kitchensync");
		ck_assert_int_eq(dir_entries(d), 1);
		free(d);
	}
	progress_free(p);
	free(path);
}
END_TEST

START_TEST(test_progress__only_gets_better)
{
	char *path = in_dir("progress"), *err = NULL;
	struct progress *p = progress_new(path), *q;
	unsigned steps = 0;

	progress_set_answer(p, "race", "unsafe", 0, true);
	ck_assert(!progress_set_answer(p, "race", "unsafe", 0, false));  /* right stays right */
	ck_assert_int_eq(progress_answer(p, "race", "unsafe", 0), 1);
	progress_set_solved(p, "race", "unsafe", 9, 4);
	ck_assert(progress_set_solved(p, "race", "unsafe", 5, 4));
	ck_assert(!progress_set_solved(p, "race", "unsafe", 6, 4));  /* more steps than before */
	progress_solved(p, "race", "unsafe", &steps, NULL);
	ck_assert_uint_eq(steps, 5);
	ck_assert_int_eq(progress_save(p, &err), 0);

	/* Another session saves what it learned: both sessions' facts are kept. */
	q = reload(path);
	progress_set_seen(q, "noodle");
	progress_set_solved(q, "race", "unsafe", 4, 4);
	ck_assert_int_eq(progress_save(q, &err), 0);
	progress_set_seen(p, "deadlock");
	ck_assert_int_eq(progress_save(p, &err), 0);
	progress_free(q);
	q = reload(path);
	ck_assert(progress_seen(q, "noodle"));
	ck_assert(progress_seen(q, "deadlock"));
	progress_solved(q, "race", "unsafe", &steps, NULL);
	ck_assert_uint_eq(steps, 4);
	progress_free(q);
	progress_free(p);
	free(path);
}
END_TEST

/* Loads TEXT as the file: it is ignored with a warning naming the bad line,
 * and saving keeps it aside as progress.damaged. */
static void
check_damaged(const char *text, size_t len, const char *line)
{
	char *path = in_dir("progress"), *aside = in_dir("progress.damaged"), *warn = NULL, *err = NULL, *now;
	struct progress *p = progress_new(path);

	write_file(path, text, len);
	ck_assert_int_eq(progress_load(p, &warn), -1);
	ck_assert_ptr_nonnull(warn);
	ck_assert_msg(strstr(warn, line) && strstr(warn, "damaged"), "warning: %s", warn);
	ck_assert(!progress_seen(p, "race"));  /* nothing of it was taken */
	free(warn);
	progress_set_seen(p, "stoves");
	ck_assert_msg(progress_save(p, &err) == 0, "save: %s", err ? err : "?");
	now = read_file(aside);
	ck_assert_mem_eq(now, text, len < 100 ? len : 100);
	free(now);
	progress_free(p);
	p = reload(path);
	ck_assert(progress_seen(p, "stoves"));
	ck_assert(!progress_seen(p, "race"));
	progress_free(p);
	unlink(aside);
	unlink(path);
	free(aside);
	free(path);
}

#define DAMAGED(text, line) check_damaged((text), sizeof (text) - 1, (line))

START_TEST(test_progress__damaged_file_ignored)
{
	static const char binary[] = "kitchensync-progress 1\nseen race\n\0\xff\xfe garbage";
	static const char good_head[] = "kitchensync-progress 1\nseen race\n";

	DAMAGED("not a progress file\nseen race\n", "progress:1:");
	DAMAGED("kitchensync-progress 1\nseen race\nsolved race main lots 3\n", "progress:3:");
	DAMAGED("kitchensync-progress 1\nseen race\nanswer race main 0 maybe\n", "progress:3:");
	DAMAGED("kitchensync-progress 1\nseen race\nseen\n", "progress:3:");
	DAMAGED("kitchensync-progress 1\nseen bad%zzname\n", "progress:2:");
	DAMAGED("kitchensync-progress 1\nsolved race main 0 4\n", "progress:2:");
	DAMAGED(binary, "progress:1:");
	/* Cut short mid-line by a full disk is damaged too; cut at a line's end it is not. */
	DAMAGED("kitchensync-progress 1\nseen race\nsolved race ma", "progress:3:");
	{
		char *path = in_dir("progress");
		struct progress *p;
		write_file(path, good_head, sizeof good_head - 1);
		p = reload(path);
		ck_assert(progress_seen(p, "race"));
		progress_free(p);
		free(path);
	}
}
END_TEST

/* A save that cannot write says why and leaves the old file as it was. */
static void
check_unwritable(const char *path, const char *before)
{
	struct progress *p = progress_new(path);
	char *err = NULL, *warn = NULL;

	progress_load(p, &warn);
	free(warn);
	progress_set_seen(p, "deadlock");
	ck_assert_int_eq(progress_save(p, &err), -1);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strstr(err, "cannot save progress"), "error: %s", err);
	free(err);
	ck_assert(progress_seen(p, "deadlock"));  /* still known for this session */
	progress_free(p);
	if (before) {
		char *now = read_file(path);
		ck_assert_str_eq(now, before);
		free(now);
	}
}

START_TEST(test_progress__unwritable_directory)
{
	char *sub = in_dir("ro"), *path = in_dir("ro/progress"), *file = in_dir("plain"), *under = NULL, *probe;
	static const char before[] = "kitchensync-progress 1\nseen race\n";
	struct progress *p;
	FILE *f;

	ck_assert_int_eq(mkdir(sub, 0700), 0);
	write_file(path, before, sizeof before - 1);
	ck_assert_int_eq(chmod(sub, 0500), 0);
	/* root writes into read-only directories: then only the case below applies. */
	probe = in_dir("ro/probe");
	f = fopen(probe, "w");
	if (f == NULL) {
		check_unwritable(path, before);
		p = reload(path);  /* and it still reads */
		ck_assert(progress_seen(p, "race"));
		progress_free(p);
	} else {
		fclose(f);
		unlink(probe);
		fprintf(stderr, "# running as root: a read-only directory does not stop writes\n");
	}
	free(probe);
	/* A directory that cannot be made (a file stands where it would be). */
	write_file(file, "x", 1);
	under = xasprintf("%s/kitchensync/progress", file);
	check_unwritable(under, NULL);
	free(under);
	free(file);
	free(path);
	free(sub);
}
END_TEST

/* A large progress file (just under the 4 MiB cap: 300,000 facts) is read
 * and saved in linear time: each fact is found in an index, a few probes
 * each, not by a scan of the others (counted, not timed). */
START_TEST(test_progress__large_file_linear)
{
	char *path = in_dir("progress"), *err = NULL;
	size_t n = 300000, len = 0, cap = n * 14 + 64;
	char *text = xcalloc(1, cap);
	unsigned long probes;
	struct progress *p;

	len += (size_t)snprintf(text + len, cap - len, "kitchensync-progress 1\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "seen s%zu\n", i);
	ck_assert_uint_lt(len, 4u << 20);
	write_file(path, text, len);
	probes = progress_probes();
	p = reload(path);
	ck_assert(progress_seen(p, "s0") && progress_seen(p, "s299999") && !progress_seen(p, "s300000"));
	ck_assert(progress_set_answer(p, "race", "unsafe", 0, true));
	ck_assert_msg(progress_save(p, &err) == 0, "save: %s", err ? err : "?");
	probes = progress_probes() - probes;
	/* a load, and a save that merges the file again: 600,000 lookups at most a few probes each */
	ck_assert_msg(probes < 8 * 2 * n, "%lu probes for %zu facts", probes, n);
	progress_free(p);
	free(text);
	free(path);
}
END_TEST

START_TEST(test_progress__default_path)
{
	char *p;

	setenv("HOME", "/home/cook", 1);
	setenv("XDG_STATE_HOME", "/var/state", 1);
	p = progress_default_path();
	ck_assert_str_eq(p, "/var/state/kitchensync/progress");
	free(p);
	/* A relative XDG_STATE_HOME is ignored, as the XDG spec says. */
	setenv("XDG_STATE_HOME", "state", 1);
	p = progress_default_path();
	ck_assert_str_eq(p, "/home/cook/.local/state/kitchensync/progress");
	free(p);
	unsetenv("XDG_STATE_HOME");
	p = progress_default_path();
	ck_assert_str_eq(p, "/home/cook/.local/state/kitchensync/progress");
	free(p);
	unsetenv("HOME");
	ck_assert_ptr_null(progress_default_path());
}
END_TEST

static Suite *
progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("progress");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);  /* the large file under the sanitizers on a busy machine */
	tcase_add_test(tc, test_progress__survives_a_restart);
	tcase_add_test(tc, test_progress__only_gets_better);
	tcase_add_test(tc, test_progress__damaged_file_ignored);
	tcase_add_test(tc, test_progress__unwritable_directory);
	tcase_add_test(tc, test_progress__default_path);
	tcase_add_test(tc, test_progress__large_file_linear);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ks_check_run(progress_suite(), NULL);
}
