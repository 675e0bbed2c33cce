/* prog-eval.c: expressions and steps, as both the engine and the explorer see them. */
#include "config.h"

#include "prog-eval.h"

#include <stdint.h>

prog_value
prog_eval_binop(int op, prog_value l, prog_value r)
{
	switch (op) {
	case PROG_ADD: return (prog_value)((uint64_t)l + (uint64_t)r);
	case PROG_SUB: return (prog_value)((uint64_t)l - (uint64_t)r);
	case PROG_MUL: return (prog_value)((uint64_t)l * (uint64_t)r);
	case PROG_DIV: return r == 0 || (r == -1 && l == INT64_MIN) ? 0 : l / r;
	case PROG_MOD: return r == 0 || (r == -1 && l == INT64_MIN) ? 0 : l % r;
	case PROG_LT: return l < r;
	case PROG_GT: return l > r;
	case PROG_LE: return l <= r;
	case PROG_GE: return l >= r;
	case PROG_EQ: return l == r;
	case PROG_NE: return l != r;
	case PROG_AND: return l && r;
	case PROG_OR: return l || r;
	}
	return 0;
}

prog_value
prog_eval(const struct prog_variant *v, int ex, const struct prog_eval_env *env)
{
	const struct prog_expr *x;
	prog_value l;

	if (ex < 0 || (size_t)ex >= v->nexprs)
		return 0;
	x = &v->exprs[ex];
	switch (x->kind) {
	case PROG_EX_CONST:
		return x->value;
	case PROG_EX_LOCAL:
		if (env->locals == NULL || x->index < 0 || (size_t)x->index >= env->nlocals)
			return 0;
		if (env->local_read)
			env->local_read(env->ctx, x->index);
		return env->locals[x->index];
	case PROG_EX_SHARED:
		return env->shared(env->ctx, x->index);
	case PROG_EX_QLEN:
		return env->qlen(env->ctx, x->index);
	case PROG_EX_ME:
		return env->me;
	case PROG_EX_UNARY:
		l = prog_eval(v, x->lhs, env);
		return x->op == '-' ? (prog_value)(0 - (uint64_t)l) : !l;
	case PROG_EX_BINARY:
		l = prog_eval(v, x->lhs, env);
		if (x->op == PROG_AND && !l)
			return 0;   /* short-circuit: the right side is never read */
		if (x->op == PROG_OR && l)
			return 1;
		return prog_eval_binop(x->op, l, prog_eval(v, x->rhs, env));
	}
	return 0;
}

bool
prog_op_is_step(const struct prog_op *op)
{
	return !(op->flags & PROG_OPF_INTERNAL) && op->code != PROG_OP_END;
}
