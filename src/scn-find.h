/* scn-find.h: finding scenario files by name.
 *
 * Scenarios are looked for, in order, in each directory of $KITCHENSYNC_PATH
 * (colon-separated), in the source tree's scenarios/ when the program runs
 * from its build tree (uninstalled), and in the installed
 * $(pkgdatadir)/scenarios.  The first file NAME.ks found wins. */
#ifndef KS_SCN_FIND_H
#define KS_SCN_FIND_H

#include <stdbool.h>
#include <stddef.h>

/* True when this program is the one in the build tree, so it is not installed
 * (it then reads the source tree's scenarios/ and the build tree's catalog). */
bool scn_find_uninstalled(void);
/* The directories searched, in order (allocated; free with scn_find_free). */
char **scn_find_dirs(size_t *n);
/* True when NAME is a path rather than a name: it has a '/' or ends in .ks. */
bool scn_find_is_path(const char *name);
/* The file for scenario NAME (a path is returned as it is); NULL when none exists. */
char *scn_find(const char *name);
/* Every scenario file, one per name (the first found), sorted by name. */
char **scn_find_all(size_t *n);
void scn_find_free(char **list, size_t n);

#endif
