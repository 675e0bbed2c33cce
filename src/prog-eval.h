/* prog-eval.h: what an expression of a compiled scenario means, written once.
 *
 * The engine (eng-op.c) and the explorer (explore.c) both evaluate a
 * program's expressions through prog_eval, so arithmetic, comparisons and
 * short-circuiting cannot differ between a real run and the proof over every
 * interleaving.  Each caller says where values come from through the
 * environment; nothing here knows about threads or states.
 */
#ifndef KS_PROG_EVAL_H
#define KS_PROG_EVAL_H

#include "prog.h"

struct prog_eval_env {
	const prog_value *locals;  /* the evaluating actor's locals, or NULL (expectations) */
	size_t nlocals;
	int me;                    /* its member number in its family; 0 outside one */
	void *ctx;
	/* The value of shared declaration RES (a var or shm) as the actor sees it. */
	prog_value (*shared)(void *ctx, int res);
	/* The number of items in queue RES. */
	prog_value (*qlen)(void *ctx, int res);
	/* Called for each local read, in evaluation order (may be NULL): the
	 * engine follows where a value came from to name a lost update. */
	void (*local_read)(void *ctx, int slot);
};

/* The value of expression EX of variant V; 0 for an index out of range. */
prog_value prog_eval(const struct prog_variant *v, int ex, const struct prog_eval_env *env);

/* The arithmetic of the language: wrapping, and x / 0 = x % 0 = 0. */
prog_value prog_eval_binop(int op, prog_value l, prog_value r);

/* Whether OP is a step (granted one at a time in step mode), not bookkeeping. */
bool prog_op_is_step(const struct prog_op *op);

#endif
