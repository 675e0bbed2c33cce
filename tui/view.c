/* view.c: the scenario view's state: its rows, its time window, hit tests on the last frame. */
#include "config.h"

#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Appends a row for actor A and, after it, rows for the actors whose parent it is. */
static void
view_rows_add(struct view *v, int a, int depth, int guard)
{
	const struct prog_variant *var = v->var;

	if (guard > 8 || v->nrows >= var->nactors)
		return;
	v->row_of[a] = (int)v->nrows;
	v->rows[v->nrows] = (struct view_row){ VIEW_ROW_ACTOR, a, depth, (int)v->nrows + 1 };
	v->nrows++;
	for (size_t c = 0; c < var->nactors; c++)
		if (var->actors[c].parent == a && (int)c != a)
			view_rows_add(v, (int)c, depth + 1, guard + 1);
}

/* One row per actor, each process's or loop's children right after it. */
static void
view_rows_init(struct view *v)
{
	const struct prog_variant *var = v->var;

	v->rows = xcalloc(var->nactors + 1, sizeof *v->rows);
	v->row_of = xcalloc(var->nactors + 1, sizeof *v->row_of);
	for (size_t a = 0; a < var->nactors; a++)
		v->row_of[a] = -1;
	for (size_t a = 0; a < var->nactors; a++)
		if (var->actors[a].parent < 0 || (size_t)var->actors[a].parent >= var->nactors)
			view_rows_add(v, (int)a, 0, 0);
	/* Anything unreachable (a parent cycle in bad input) still gets a row. */
	for (size_t a = 0; a < var->nactors && v->nrows < var->nactors; a++)
		if (v->row_of[a] < 0) {
			v->row_of[a] = (int)v->nrows;
			v->rows[v->nrows] = (struct view_row){ VIEW_ROW_ACTOR, (int)a, 0, (int)v->nrows + 1 };
			v->nrows++;
		}
}

void
view_init(struct view *v, const struct prog *prog, int variant, struct tl *tl)
{
	memset(v, 0, sizeof *v);
	v->prog = prog;
	v->var = &prog->variants[variant];
	v->variant = variant;
	v->tl = tl;
	v->snap = snap_new(tl);
	v->speed = 1.0;
	v->follow = true;
	v->prog_all = true;
	view_rows_init(v);
}

void
view_done(struct view *v)
{
	snap_free(v->snap);
	v->snap = NULL;
	free(v->rows);
	free(v->row_of);
	free(v->expect_met);
	free(v->expect_actual);
	v->rows = NULL;
	v->row_of = NULL;
	v->nrows = 0;
	v->expect_met = NULL;
	v->expect_actual = NULL;
}

uint64_t
view_end(const struct view *v)
{
	uint64_t end = tl_t_end(v->tl);

	return v->live_now > end ? v->live_now : end;
}

void
view_window(const struct view *v, uint64_t *t0, uint64_t *t1)
{
	uint64_t begin = tl_t_begin(v->tl), end = view_end(v), span;

	if (end < begin)
		end = begin;
	span = v->span;
	if (span == 0) {
		span = end - begin;
		span += span / 16;  /* a little room at the live end */
		if (span < 1000000)
			span = 1000000;
		*t0 = begin;
		*t1 = begin + span;
		return;
	}
	if (v->follow) {
		*t1 = end > begin + span ? end : begin + span;
		*t0 = *t1 - span;
	} else {
		*t0 = v->left < begin ? begin : v->left;
		*t1 = *t0 + span;
	}
}

int
view_first_actor(const struct view *v)
{
	for (size_t i = 0; i < v->nrows; i++)
		if (v->rows[i].kind == VIEW_ROW_ACTOR)
			return v->rows[i].actor;
	return -1;
}

void
view_select_delta(struct view *v, int delta)
{
	int pos = 0, n = (int)v->nrows;

	if (n == 0)
		return;
	if (v->sel >= 0 && (size_t)v->sel < v->var->nactors && v->row_of[v->sel] >= 0)
		pos = v->row_of[v->sel];
	/* Rows with no actor are passed over. */
	for (int k = 0; k < n; k++) {
		pos = ((pos + delta) % n + n) % n;
		if (v->rows[pos].kind == VIEW_ROW_ACTOR) {
			v->sel = v->rows[pos].actor;
			return;
		}
	}
}

bool
view_select_number(struct view *v, int n)
{
	for (size_t i = 0; i < v->nrows; i++)
		if (v->rows[i].number == n && v->rows[i].kind == VIEW_ROW_ACTOR) {
			v->sel = v->rows[i].actor;
			return true;
		}
	return false;
}

bool
view_time_at(const struct view *v, int x, uint64_t *t)
{
	const struct view_layout *l = &v->lay;

	if (l->cells_w <= 0 || x < l->cells_x || x >= l->cells_x + l->cells_w)
		return false;
	*t = l->t0 + (uint64_t)((double)(l->t1 - l->t0) * (x - l->cells_x) / l->cells_w);
	return true;
}

int
view_row_at(const struct view *v, int y)
{
	const struct view_layout *l = &v->lay;
	int i = y - l->rows_y;

	if (i < 0 || i >= l->nrows || (size_t)(l->first + i) >= v->nrows)
		return -1;
	return l->first + i;
}

int
view_actor_at(const struct view *v, int y)
{
	int r = view_row_at(v, y);

	return r >= 0 && v->rows[r].kind == VIEW_ROW_ACTOR ? v->rows[r].actor : -1;
}
