/* scn.h: loading a scenario file: read, check encoding and limits, lex,
 * parse, check, compile.  Every problem is reported to the diag. */
#ifndef KS_SCN_H
#define KS_SCN_H

#include <stddef.h>

#include "diag.h"
#include "prog.h"

/* Reads and compiles the scenario at PATH.  NULL when it cannot be read or
 * has errors (all of them reported to D); warnings do not fail it. */
struct prog *scn_load(const char *path, struct diag *d);
/* Compiles LEN bytes at BUF, named NAME in messages. */
struct prog *scn_parse_buffer(const char *name, const char *buf, size_t len, struct diag *d);

#endif
