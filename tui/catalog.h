/* catalog.h: scenarios for the picker (found by scn-find.c), loaded quietly.
 *
 * catalog.c calls: picker.c, scn, scn-find.  Called by: app.c, action.c.
 */
#ifndef KS_CATALOG_H
#define KS_CATALOG_H

#include "picker.h"
#include "prog.h"

/* Adds every scenario found to the picker, with its title and summary. */
void catalog_fill(struct picker *p);
/* The file of scenario NAME (a name, or a path when it has a '/' or ends in .ks);
 * an allocated path, or NULL. */
char *catalog_find(const char *name);
/* Compiles the scenario at PATH; NULL with *ERR set to the first error line. */
struct prog *catalog_load(const char *path, char **err);

#endif
