/* prog-print.h: a compiled program as readable text (kitchensync show). */
#ifndef KS_PROG_PRINT_H
#define KS_PROG_PRINT_H

#include <stdio.h>

#include "prog.h"

/* Writes a duration such as "20ms" or "1.5s" into BUF (at least 32 bytes). */
const char *prog_print_dur(char *buf, size_t size, int64_t ns);
/* Writes a size in bytes such as "8MiB" or "20000" into BUF (at least 32 bytes). */
const char *prog_print_size(char *buf, size_t size, int64_t bytes);
/* Writes expression EXPR of variant V as source text; ACTOR names locals (may be NULL). */
void prog_print_expr(FILE *out, const struct prog_variant *v, const struct prog_actor *actor, int expr);
/* Writes op OP of ACTOR without its index or line, e.g. "store orders = $t0 + 1". */
void prog_print_op(FILE *out, const struct prog *prog, const struct prog_variant *v,
    const struct prog_actor *actor, const struct prog_op *op, const char *lang);
/* Writes condition X of variant V (an expectation, or a choice's `when`) as
 * source text, without the keyword: "orders < 10", "deadlock", "first \"Cook A\"". */
void prog_print_cond(FILE *out, const struct prog_variant *v, const struct prog_expect *x);
/* Writes the whole variant: declarations, each actor's ops one a line
 * ("  3  L12    load orders -> $t0"; internal ops marked '*'), expectations,
 * its challenge and its questions (choices lettered a, b, ...). */
void prog_print_variant(FILE *out, const struct prog *prog, const struct prog_variant *v,
    const char *lang);

#endif
