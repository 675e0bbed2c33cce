/* catalog.c: the picker's list and opening scenarios, on top of scn-find.c. */
#include "config.h"

#include "catalog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "scn.h"
#include "scn-find.h"
#include "xalloc.h"

/* The lesson number of a scenario's tutorial header ("LESSON 3 THE ORDER COUNT": 3), or 0. */
static int
catalog_lesson(const char *tutorial)
{
	int n;
	if (tutorial == NULL || sscanf(tutorial, "LESSON %d", &n) != 1 || n <= 0)
		return 0;
	return n;
}

void
catalog_fill(struct picker *p)
{
	size_t n = 0;
	char **paths = scn_find_all(&n);
	const char *lang = prog_lang();

	for (size_t i = 0; i < n; i++) {
		char *err = NULL;
		struct prog *prog = catalog_load(paths[i], &err);
		if (prog) {
			picker_add(p, prog->name, prog_text_get(&prog->title, lang),
			    prog_text_get(&prog->summary, lang), paths[i]);
			p->items[p->nitems - 1].lesson = catalog_lesson(prog->tutorial);
			for (size_t v = 0; v < prog->nvariants; v++)
				picker_add_variant(p, prog->variants[v].name, prog->variants[v].nquestions,
				    prog->variants[v].challenge != NULL);
			prog_free(prog);
		} else {
			const char *base = strrchr(paths[i], '/');
			picker_add(p, base ? base + 1 : paths[i],
			    _("(this file has errors: kitchensync check shows them)"), err ? err : "", NULL);
		}
		free(err);
	}
	scn_find_free(paths, n);
	picker_sort(p);
}

char *
catalog_find(const char *name)
{
	return scn_find(name);
}

struct prog *
catalog_load(const char *path, char **err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct diag *d;
	struct prog *prog;

	*err = NULL;
	if (mem == NULL) {
		*err = xasprintf("open_memstream: %s", strerror(errno));
		return NULL;
	}
	d = diag_new(mem);
	prog = scn_load(path, d);
	diag_free(d);
	fclose(mem);
	if (prog == NULL) {
		char *nl = text ? strchr(text, '\n') : NULL;
		if (nl)
			*nl = '\0';
		*err = xstrdup(text && *text ? text : path);
	}
	free(text);
	return prog;
}
