/* driver.c: replays inputs through a fuzz target without libFuzzer, under
 * any compiler: each argument is a file, or a directory whose files (not
 * recursively) are each one input.  Prints one line per input it ran when
 * -v is given; exits 0 when every input ran (a crash or a sanitizer report
 * ends it otherwise), 2 when an argument cannot be read. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int driver_verbose;

/* Runs the target on the file at PATH; 0, or -1 when it cannot be read. */
static int
driver_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	if (ferror(f)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	if (driver_verbose)
		fprintf(stderr, "%s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int
driver_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file in directory DIR, in name order; returns how many, or -1. */
static long
driver_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	long ran = 0;

	if (d == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof *names);
			if (names == NULL)
				abort();
		}
		if ((names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2)) == NULL)
			abort();
		sprintf(names[n++], "%s/%s", dir, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, driver_name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (driver_file(names[i]) < 0)
				ran = -1;
			else if (ran >= 0)
				ran++;
		}
		free(names[i]);
	}
	free(names);
	return ran;
}

int
main(int argc, char **argv)
{
	long total = 0;
	int status = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (strcmp(argv[i], "-v") == 0) {
			driver_verbose = 1;
			continue;
		}
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			status = 2;
		} else if (S_ISDIR(st.st_mode)) {
			long n = driver_dir(argv[i]);
			if (n < 0)
				status = 2;
			else
				total += n;
		} else if (driver_file(argv[i]) < 0) {
			status = 2;
		} else {
			total++;
		}
	}
	printf("%s: %ld inputs ran\n", argv[0], total);
	return status;
}
