/* scn-check.h: resolves names, checks kinds and limits, and compiles a parsed
 * scenario into a struct prog (see prog.h), one op array per actor. */
#ifndef KS_SCN_CHECK_H
#define KS_SCN_CHECK_H

#include "diag.h"
#include "prog.h"
#include "scn-parse.h"

/* Compiles FILE (parsed from PATH) into a program, reporting errors and
 * warnings to D.  The program is returned even when there were errors (the
 * caller frees it); header texts move from FILE into it. */
struct prog *scn_check(struct scn_file *file, const char *path, struct diag *d);
/* How many slots of the actor-name table scn_check has looked at so far (in
 * this process): the measure of its cost that tests assert, whatever the
 * machine's speed. */
unsigned long scn_check_name_probes(void);

#endif
