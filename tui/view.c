/* view.c: the scenario view's state: its rows, its time window, hit tests on the last frame. */
#include "config.h"

#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "tl-axis.h"
#include "xalloc.h"

static struct view_row *
view_row_new(struct view *v)
{
	v->rows = xgrow(v->rows, &v->crows, v->nrows + 1, sizeof *v->rows);
	memset(&v->rows[v->nrows], 0, sizeof v->rows[v->nrows]);
	v->rows[v->nrows].family = -1;
	v->rows[v->nrows].actor = -1;
	return &v->rows[v->nrows++];
}

bool
view_grouped(const struct view *v, int f)
{
	return f >= 0 && (size_t)f < v->var->nfamilies && v->var->families[f].count > VIEW_FAMILY_ROWS;
}

static void view_rows_add(struct view *v, int a, int depth, int guard);

/* A family drawn as one row: the group row, then (when open) each member's. */
static void
view_rows_add_group(struct view *v, int f, int depth, int guard)
{
	const struct prog_family *pf = &v->var->families[f];
	struct view_row *r = view_row_new(v);

	r->kind = VIEW_ROW_GROUP;
	r->family = f;
	r->depth = depth;
	r->open = v->open[f];
	r->number = (int)v->nrows;
	v->group_row_of[f] = (int)v->nrows - 1;
	if (!v->open[f])
		return;
	for (int m = pf->first; m < pf->first + pf->count; m++)
		view_rows_add(v, m, depth + 1, guard + 1);
}

/* A row for pool thread K (tl.h) at DEPTH. */
static void
view_rows_add_pool(struct view *v, size_t k, int depth)
{
	struct view_row *r = view_row_new(v);
	r->kind = VIEW_ROW_POOL;
	r->actor = (int)(v->var->nactors + k);
	r->depth = depth;
}

/* Appends a row for actor A and, after it, rows for the actors whose parent it is, then
 * (a loop) for the pool threads that ran calls for its tasks. */
static void
view_rows_add(struct view *v, int a, int depth, int guard)
{
	const struct prog_variant *var = v->var;
	struct view_row *r;

	if (guard > 8 || v->row_of[a] >= 0)
		return;
	r = view_row_new(v);
	r->kind = VIEW_ROW_ACTOR;
	r->actor = a;
	r->depth = depth;
	r->number = (int)v->nrows;
	v->row_of[a] = (int)v->nrows - 1;
	for (size_t c = 0; c < var->nactors; c++) {
		int f = var->actors[c].family;
		if (var->actors[c].parent != a || (int)c == a)
			continue;
		if (view_grouped(v, f)) {
			if (var->actors[c].member == 1)
				view_rows_add_group(v, f, depth + 1, guard + 1);
		} else {
			view_rows_add(v, (int)c, depth + 1, guard + 1);
		}
	}
	for (size_t k = 0; k < v->npool; k++)
		if (tl_pool_loop(v->tl, k) == a)
			view_rows_add_pool(v, k, depth + 1);
}

/* A metric strip of family F (-1: the run) under the actors' rows. */
static void
view_rows_add_metric(struct view *v, int f, enum tl_metric m)
{
	struct view_row *r = view_row_new(v);
	r->kind = VIEW_ROW_METRIC;
	r->family = f;
	r->metric = m;
}

/* The metric rows: each group row's crowd, then the run's threads and memory. */
static void
view_rows_metrics(struct view *v)
{
	bool any = false;
	for (size_t f = 0; f < v->var->nfamilies; f++) {
		if (!view_grouped(v, (int)f))
			continue;
		any = true;
		for (int m = TL_METRIC_INFLIGHT; m <= TL_METRIC_LATENCY_P99; m++)
			view_rows_add_metric(v, (int)f, (enum tl_metric)m);
	}
	if (!any)
		return;
	view_rows_add_metric(v, -1, TL_METRIC_THREADS);
	view_rows_add_metric(v, -1, TL_METRIC_RSS_KB);
}

/* The rows: each actor, each process's or loop's children right after it, a
 * family of more than a few members as one group row, then the metric rows. */
static void
view_rows_build(struct view *v)
{
	const struct prog_variant *var = v->var;

	v->nrows = 0;
	v->npool = tl_npool(v->tl);
	v->row_of = xrealloc(v->row_of, (var->nactors + 1) * sizeof *v->row_of);
	v->group_row_of = xrealloc(v->group_row_of, (var->nfamilies + 1) * sizeof *v->group_row_of);
	for (size_t a = 0; a < var->nactors; a++)
		v->row_of[a] = -1;
	for (size_t f = 0; f < var->nfamilies; f++)
		v->group_row_of[f] = -1;
	for (size_t a = 0; a < var->nactors; a++) {
		int f = var->actors[a].family;
		if (var->actors[a].parent >= 0 && (size_t)var->actors[a].parent < var->nactors)
			continue;
		if (view_grouped(v, f)) {
			if (var->actors[a].member == 1)
				view_rows_add_group(v, f, 0, 0);
		} else {
			view_rows_add(v, (int)a, 0, 0);
		}
	}
	/* Anything unreachable (a parent cycle in bad input) still gets a row. */
	for (size_t a = 0; a < var->nactors; a++)
		if (v->row_of[a] < 0 && !view_grouped(v, var->actors[a].family))
			view_rows_add(v, (int)a, 0, 9);
	/* pool threads whose loop has no row (or is not known yet) */
	for (size_t k = 0; k < v->npool; k++) {
		int loop = tl_pool_loop(v->tl, k);
		if (loop < 0 || (size_t)loop >= var->nactors || v->row_of[loop] < 0)
			view_rows_add_pool(v, k, 0);
	}
	view_rows_metrics(v);
}

void
view_rows_sync(struct view *v)
{
	if (tl_npool(v->tl) != v->npool)
		view_rows_build(v);
}

bool
view_toggle_group(struct view *v, int f)
{
	if (!view_grouped(v, f))
		return false;
	v->open[f] = !v->open[f];
	view_rows_build(v);
	return true;
}

int
view_sel_actor(const struct view *v)
{
	if (VIEW_SEL_IS_GROUP(v->sel) && (size_t)VIEW_SEL_FAMILY(v->sel) < v->var->nfamilies)
		return v->var->families[VIEW_SEL_FAMILY(v->sel)].first;
	if (v->sel >= 0 && (size_t)v->sel < v->var->nactors)
		return v->sel;
	return -1;
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
	v->open = xcalloc(v->var->nfamilies + 1, sizeof *v->open);
	view_rows_build(v);
}

void
view_done(struct view *v)
{
	snap_free(v->snap);
	v->snap = NULL;
	free(v->rows);
	free(v->row_of);
	free(v->group_row_of);
	free(v->open);
	v->group_row_of = NULL;
	v->open = NULL;
	v->crows = 0;
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

bool
view_steps(const struct view *v, int w, size_t *first, size_t *n, int *max_sw)
{
	size_t nsteps = tl_nsteps(v->tl), shown;

	if (!tl_step_clock(v->tl) || nsteps == 0)
		return false;
	if (w <= 0)
		w = 1;
	shown = v->step_n ? v->step_n : (nsteps < (size_t)w ? nsteps : (size_t)w);
	if (shown > nsteps)
		shown = nsteps;
	*max_sw = v->step_n ? 0 : TL_AXIS_STEP_COLS;
	if (v->follow || v->step_first >= nsteps)
		*first = nsteps - shown;
	else
		*first = v->step_first + shown > nsteps ? nsteps - shown : v->step_first;
	*n = shown;
	return true;
}

/* The timeline's cells the last frame had (a first frame: a guess). */
static int
view_cells_w(const struct view *v)
{
	return v->lay.cells_w > 0 ? v->lay.cells_w : 44;
}

void
view_cell_at(const struct view *v, uint64_t t, uint64_t *c0, uint64_t *c1)
{
	uint64_t t0, t1, cw;
	size_t k;

	if (tl_step_clock(v->tl) && tl_nsteps(v->tl) > 0 && (k = tl_step_at(v->tl, t)) > 0) {
		*c0 = tl_step_t(v->tl, k - 1);
		*c1 = tl_step_t(v->tl, k);
		return;
	}
	view_window(v, &t0, &t1);
	cw = (t1 - t0) / (uint64_t)view_cells_w(v);
	if (cw == 0)
		cw = 1;
	*c0 = t < t0 ? t : t0 + (t - t0) / cw * cw;
	*c1 = *c0 + cw;
}

void
view_window(const struct view *v, uint64_t *t0, uint64_t *t1)
{
	uint64_t begin = tl_t_begin(v->tl), end = view_end(v), span;
	size_t first, n;
	int max_sw;

	if (view_steps(v, view_cells_w(v), &first, &n, &max_sw)) {
		*t0 = tl_step_t(v->tl, first);
		*t1 = tl_step_t(v->tl, first + n);
		return;
	}

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

/* What selecting row I selects, or -1 for a row that cannot be selected. */
static int
view_row_sel(const struct view *v, size_t i)
{
	if (v->rows[i].kind == VIEW_ROW_ACTOR)
		return v->rows[i].actor;
	if (v->rows[i].kind == VIEW_ROW_GROUP)
		return VIEW_SEL_GROUP(v->rows[i].family);
	return -1;
}

int
view_first_sel(const struct view *v)
{
	for (size_t i = 0; i < v->nrows; i++)
		if (view_row_sel(v, i) != -1)
			return view_row_sel(v, i);
	return -1;
}

/* The row of the selection, or -1. */
static int
view_sel_row(const struct view *v)
{
	if (VIEW_SEL_IS_GROUP(v->sel) && (size_t)VIEW_SEL_FAMILY(v->sel) < v->var->nfamilies)
		return v->group_row_of[VIEW_SEL_FAMILY(v->sel)];
	if (v->sel >= 0 && (size_t)v->sel < v->var->nactors)
		return v->row_of[v->sel];
	return -1;
}

void
view_select_delta(struct view *v, int delta)
{
	int pos = view_sel_row(v), n = (int)v->nrows;

	if (n == 0)
		return;
	if (pos < 0)
		pos = 0;
	/* Rows that cannot be selected (metrics) are passed over. */
	for (int k = 0; k < n; k++) {
		pos = ((pos + delta) % n + n) % n;
		if (view_row_sel(v, (size_t)pos) != -1) {
			v->sel = view_row_sel(v, (size_t)pos);
			return;
		}
	}
}

bool
view_select_number(struct view *v, int n)
{
	for (size_t i = 0; i < v->nrows; i++)
		if (v->rows[i].number == n && view_row_sel(v, i) != -1) {
			v->sel = view_row_sel(v, i);
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

	if (i < 0 || i >= l->nrows || i >= VIEW_MAX_SHOWN || l->idx[i] < 0 || (size_t)l->idx[i] >= v->nrows)
		return -1;
	return l->idx[i];
}

int
view_actor_at(const struct view *v, int y)
{
	int r = view_row_at(v, y);

	return r >= 0 && v->rows[r].kind == VIEW_ROW_ACTOR ? v->rows[r].actor : -1;
}

int
view_sel_at(const struct view *v, int y)
{
	int r = view_row_at(v, y);

	return r >= 0 ? view_row_sel(v, (size_t)r) : -1;
}
