/* scn-find.c: the scenario search path. */
#include "config.h"

#include "scn-find.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

static void
scn_find_push(char ***v, size_t *n, size_t *cap, char *s)
{
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

bool
scn_find_uninstalled(void)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return false;
	*slash = '\0';
	return strcmp(exe, KS_ABS_BUILDDIR "/src") == 0;
}

char **
scn_find_dirs(size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	const char *path = getenv("KITCHENSYNC_PATH");

	*n = 0;
	if (path != NULL) {
		const char *p = path;
		for (;;) {
			size_t len = strcspn(p, ":");
			if (len > 0)
				scn_find_push(&v, n, &cap, xstrndup(p, len));
			if (p[len] == '\0')
				break;
			p += len + 1;
		}
	}
	if (scn_find_uninstalled())
		scn_find_push(&v, n, &cap, xstrdup(KS_ABS_SRCDIR "/scenarios"));
	scn_find_push(&v, n, &cap, xstrdup(KS_PKGDATADIR "/scenarios"));
	return v;
}

void
scn_find_free(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

bool
scn_find_is_path(const char *name)
{
	size_t n = strlen(name);
	return strchr(name, '/') != NULL || (n >= 3 && strcmp(name + n - 3, ".ks") == 0);
}

static bool
scn_find_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *
scn_find(const char *name)
{
	size_t n;
	char **dirs, *found = NULL;

	if (scn_find_is_path(name))
		return xstrdup(name);
	if (*name == '\0')
		return NULL;
	dirs = scn_find_dirs(&n);
	for (size_t i = 0; i < n && found == NULL; i++) {
		char *p = xasprintf("%s/%s.ks", dirs[i], name);
		if (scn_find_is_file(p))
			found = p;
		else
			free(p);
	}
	scn_find_free(dirs, n);
	return found;
}

static int
scn_find_cmp(const void *a, const void *b)
{
	const char *x = strrchr(*(char *const *)a, '/'), *y = strrchr(*(char *const *)b, '/');
	return strcmp(x ? x + 1 : *(char *const *)a, y ? y + 1 : *(char *const *)b);
}

char **
scn_find_all(size_t *count)
{
	size_t ndirs, cap = 0;
	char **dirs = scn_find_dirs(&ndirs), **v = NULL;

	*count = 0;
	for (size_t i = 0; i < ndirs; i++) {
		DIR *dir = opendir(dirs[i]);
		struct dirent *de;
		if (dir == NULL)
			continue;
		while ((de = readdir(dir)) != NULL) {
			size_t len = strlen(de->d_name);
			bool dup = false;
			char *p;
			if (len < 4 || strcmp(de->d_name + len - 3, ".ks") != 0 || de->d_name[0] == '.')
				continue;
			for (size_t j = 0; j < *count && !dup; j++) {
				const char *b = strrchr(v[j], '/') + 1;
				dup = strcmp(b, de->d_name) == 0;
			}
			if (dup)
				continue;
			p = xasprintf("%s/%s", dirs[i], de->d_name);
			if (scn_find_is_file(p))
				scn_find_push(&v, count, &cap, p);
			else
				free(p);
		}
		closedir(dir);
	}
	scn_find_free(dirs, ndirs);
	if (*count > 1)
		qsort(v, *count, sizeof *v, scn_find_cmp);
	return v;
}
