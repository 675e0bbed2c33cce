/* view-model.c: one frame of the scenario view, computed from its state:
 * the layout, the time window, the cursor's column, the rows shown and each
 * shown row's states per column.  It draws nothing. */
#include "config.h"

#include "view-model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crt.h"
#include "draw.h"
#include "i18n.h"
#include "run-out.h"
#include "view-text.h"
#include "view.h"
#include "xalloc.h"

/* tl_axis_columns, with each open span carried on to NOW (a live run's clock), where
 * the model stops at its last event. */
static void
view_model_columns(const struct tl *tl, int actor, const struct tl_axis *ax, uint64_t now, uint8_t *out)
{
	uint64_t end = tl_t_end(tl), t0 = ax->edge[0], t1 = ax->edge[ax->w];
	int w = ax->w;
	struct tl_span sp;

	tl_axis_columns(tl, actor, ax, out);
	if (ax->steps || now <= end || w <= 0 || t1 <= t0 || !tl_span_at(tl, actor, end, &sp) || sp.end != TL_TIME_MAX)
		return;
	for (int c = 0; c < w; c++) {
		uint64_t c0 = t0 + (uint64_t)((double)(t1 - t0) * c / w);
		if (c0 >= now)
			break;
		if (c0 + (t1 - t0) / (uint64_t)w > end && (out[c] == TL_COL_NONE || c0 >= end))
			out[c] = sp.state;
	}
}

/* The program pane's width on a screen W wide: half, or more when it shows every actor side by
 * side and their steps would be cut there (`store orders = $t0 + 1` at 80 columns), leaving the
 * state pane at least VIEW_STATE_MIN_W. */
#define VIEW_STATE_MIN_W 29
#define VIEW_PROGRAM_MAX_W 50  /* no wider than half of a 100-column screen: the narration keeps its room */
static int
view_model_program_w(const struct view_model *m, int w)
{
	int pw = w / 2, n = 0, longest = 0, need;
	char buf[160];

	if (!m->prog_all)
		return pw;
	for (size_t i = 0; i < m->nrows; i++) {
		const struct view_row *r = &m->rows[i];
		const struct prog_actor *pa;
		if (r->kind != VIEW_ROW_ACTOR || m->var->actors[r->actor].nops <= 1)
			continue;
		n++;
		pa = &m->var->actors[r->actor];
		for (size_t k = 0; k < pa->nops; k++) {
			int ow;
			enum prog_opcode c = pa->ops[k].code;
			if ((pa->ops[k].flags & PROG_OPF_INTERNAL) || c == PROG_OP_SAY || c == PROG_OP_MARK_BEGIN ||
			    c == PROG_OP_MARK_END || c == PROG_OP_FAIL)
				continue;  /* a narration may be cut: the narration pane says it whole */
			ow = draw_width(view_op_text(m->prog, m->var, r->actor, (int)k, buf, sizeof buf));
			if (ow > longest)
				longest = ow;
		}
	}
	need = n * (longest + 3);  /* each column: the current op's mark, the op, a gap */
	if (need > VIEW_PROGRAM_MAX_W)
		need = VIEW_PROGRAM_MAX_W;
	if (n > 1 && need > pw)
		pw = need < w - 1 - VIEW_STATE_MIN_W ? need : w - 1 - VIEW_STATE_MIN_W;
	if (n == 0 || pw / n < VIEW_PROGRAM_COL_MIN_W)
		return w / 2;  /* the pane shows the selected actor alone (view_program_draw) */
	return pw > w / 2 ? pw : w / 2;
}

/* The panes under the timeline: program | state over narration; the event log across the bottom. */
static void
view_model_panes(struct view_model *m, int nrows, int w)
{
	int body = m->body.h, tl_h, by, bh, lh, uh, pw, rw, sh;
	int ncpu = tl_ncpus(m->tl);

	if (ncpu > 4)
		ncpu = 4;
	/* Timeline: title+ruler, a row per actor, the CPU lanes; at most ~55% of the body. */
	tl_h = 1 + nrows + (ncpu > 0 ? ncpu : 0);
	if (tl_h > body - 11)
		tl_h = body - 11;
	if (tl_h < 4)
		tl_h = 4;
	m->timeline = (struct view_rect){ 1, 0, tl_h, w };
	by = 1 + tl_h;
	bh = body - tl_h;
	m->details_r = (struct view_rect){ by, 0, bh, w };
	lh = bh / 3 < 4 ? 4 : bh / 3;
	uh = bh - lh;
	pw = view_model_program_w(m, w);
	rw = w - pw - 1;
	sh = uh / 2;
	m->program = (struct view_rect){ by, 0, uh, pw };
	m->divider = (struct view_rect){ by, pw, uh, 1 };
	m->state = (struct view_rect){ by, pw + 1, sh, rw };
	m->narration = (struct view_rect){ by + sh, pw + 1, uh - sh, rw };
	m->log = (struct view_rect){ by + uh, 0, lh, w };
}

/* How much a metric strip matters when not all fit: what is in flight, then what the run holds
 * (threads, memory: lesson 9.2's point), then what is served, then the latencies. */
static int
view_model_metric_rank(int metric)
{
	static const int rank[TL_METRIC_COUNT] = {
		[TL_METRIC_INFLIGHT] = 0, [TL_METRIC_THREADS] = 1, [TL_METRIC_RSS_KB] = 2,
		[TL_METRIC_COMPLETIONS] = 3, [TL_METRIC_LATENCY_P99] = 4, [TL_METRIC_LATENCY_P50] = 5,
	};
	return metric >= 0 && metric < TL_METRIC_COUNT ? rank[metric] : TL_METRIC_COUNT;
}

/* The MB most telling of the NM metric rows after row NA, in their order, into OUT. */
static void
view_model_pick_metrics(const struct view_model *m, int na, int nm, int mb, int *out)
{
	int k = 0;

	for (int rank = 0; rank <= TL_METRIC_COUNT && k < mb; rank++)
		for (int i = na; i < na + nm && k < mb; i++)
			if (view_model_metric_rank(m->rows[i].metric) == rank)
				out[k++] = i;
	/* back in the rows' order */
	for (int i = 1; i < k; i++)
		for (int j = i; j > 0 && out[j - 1] > out[j]; j--) {
			int t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
}

/* The timeline's label and cell columns, its rows and lanes, scrolled so the selection shows. */
static void
view_model_timeline(struct view_model *m, const struct view *v)
{
	const struct view_rect *r = &m->timeline;
	int lw, cw, rows, lanes, ncpu, first, sel_pos = 0, nm = 0, na, mb, arows;

	lw = r->w * 45 / 100;
	if (lw < 36)
		lw = 36;
	if (lw > 44)
		lw = 44;
	cw = r->w - lw;
	ncpu = tl_ncpus(m->tl);
	lanes = ncpu > 4 ? 4 : ncpu;
	rows = r->h - 1 - lanes;
	if (rows < 1) {
		lanes = r->h - 2 > 0 ? r->h - 2 : 0;
		rows = r->h - 1 - lanes;
	}
	if (rows > (int)m->nrows)
		rows = (int)m->nrows;
	if (rows > VIEW_MAX_SHOWN)
		rows = VIEW_MAX_SHOWN;
	/* the metric strips (the rows list ends with them) get their share by priority */
	while (nm < (int)m->nrows && m->rows[m->nrows - 1 - (size_t)nm].kind == VIEW_ROW_METRIC)
		nm++;
	na = (int)m->nrows - nm;
	if (na + nm <= rows)
		mb = nm;
	else
		mb = nm < rows - (na < rows / 2 ? na : rows / 2) ? nm : rows - (na < rows / 2 ? na : rows / 2);
	if (mb < 0)
		mb = 0;
	arows = rows - mb;
	if (arows > na)
		arows = na;
	if (m->sel >= 0 && (size_t)m->sel < m->var->nactors && m->row_of[m->sel] >= 0)
		sel_pos = m->row_of[m->sel];
	else if (VIEW_SEL_IS_GROUP(m->sel) && (size_t)VIEW_SEL_FAMILY(m->sel) < m->var->nfamilies &&
	    v->group_row_of[VIEW_SEL_FAMILY(m->sel)] >= 0)
		sel_pos = v->group_row_of[VIEW_SEL_FAMILY(m->sel)];
	first = v->lay.first;
	if (sel_pos < first)
		first = sel_pos;
	if (sel_pos >= first + arows)
		first = sel_pos - arows + 1;
	if (first + arows > na)
		first = na - arows;
	if (first < 0)
		first = 0;
	m->label_w = lw;
	m->lanes = lanes;
	m->lay = (struct view_layout){ .rows_y = r->y + 1, .nrows = arows + mb, .first = first,
		.cells_x = r->x + lw, .cells_w = cw, .ruler_y = r->y, .t0 = m->t0, .t1 = m->t1,
		.hidden_metrics = nm - mb };
	for (int i = 0; i < arows; i++)
		m->lay.idx[i] = first + i;
	view_model_pick_metrics(m, na, nm, mb, m->lay.idx + arows);
}

/* The timeline's columns: a step axis in step mode, else equal parts of the window. */
static void
view_model_axis(struct view_model *m, const struct view *v)
{
	size_t first, n;
	int max_sw, cw = m->lay.cells_w > 0 ? m->lay.cells_w : 0;

	if (view_steps(v, cw, &first, &n, &max_sw))
		tl_axis_steps(&m->ax, m->tl, first, n, cw, max_sw);
	else
		tl_axis_time(&m->ax, m->t0, m->t1, cw);
	m->t0 = m->ax.edge[0];
	m->t1 = m->ax.edge[m->ax.w] > m->t0 ? m->ax.edge[m->ax.w] : m->t0 + 1;
	m->lay.t0 = m->t0;
	m->lay.t1 = m->t1;
}

/* The cursor's column and the time it covers. */
static void
view_model_cursor(struct view_model *m)
{
	uint64_t t0 = m->t0, t1 = m->t1;
	int cw = m->lay.cells_w;

	m->cursor_col = -1;
	m->c0 = m->c1 = 0;
	if (!m->cursor_on || m->cursor < t0 || m->cursor >= t1 || cw <= 0)
		return;
	m->cursor_col = tl_axis_col(&m->ax, m->cursor);
	if (m->cursor_col < 0)
		return;
	m->c0 = m->ax.edge[m->cursor_col];
	m->c1 = m->ax.edge[m->cursor_col + 1];
	if (m->c1 <= m->c0)
		m->c1 = m->c0 + 1;
}

/* A family's group row: in each column, the state its members spent the most time in. */
static void
view_model_group_columns(const struct tl *tl, const struct prog_family *pf, const struct tl_axis *ax,
    uint8_t *out)
{
	int w = ax->w;
	uint64_t (*ns)[REC_ST_COUNT] = xcalloc((size_t)w + 1, sizeof *ns);
	tl_axis_group_columns(tl, pf->first, pf->count, ax, ns);
	for (int c = 0; c < w; c++) {
		uint64_t any = 0;
		for (int s = 0; s < REC_ST_COUNT; s++)
			any |= ns[c][s];
		out[c] = any ? tl_group_pick(ns[c]) : TL_COL_NONE;
	}
	free(ns);
}

/* A metric row: each column's level against the peak in the window (*PEAK). */
static void
view_model_metric_columns(const struct tl *tl, const struct view_row *row, const struct tl_axis *ax,
    uint8_t *out, double *peak)
{
	int w = ax->w;
	double *val = xcalloc((size_t)w + 1, sizeof *val);
	tl_axis_metric_columns(tl, row->family, (enum tl_metric)row->metric, ax, val);
	*peak = NAN;
	for (int c = 0; c < w; c++)
		if (!isnan(val[c]) && (isnan(*peak) || val[c] > *peak))
			*peak = val[c];
	for (int c = 0; c < w; c++) {
		if (isnan(val[c]))
			out[c] = TL_COL_NONE;
		else if (val[c] <= 0 || !(*peak > 0))
			out[c] = 0;
		else
			out[c] = (uint8_t)(1 + (int)((VIEW_METRIC_LEVELS - 1) * val[c] / *peak + 0.5));
	}
	free(val);
}

/* Each shown row's states (or levels) per column. */
static void
view_model_row_columns(struct view_model *m)
{
	int cw = m->lay.cells_w > 0 ? m->lay.cells_w : 0;
	uint8_t *cols = xcalloc((size_t)m->lay.nrows * (size_t)cw + 1, 1);

	m->peaks = xcalloc((size_t)m->lay.nrows + 1, sizeof *m->peaks);
	for (int r = 0; r < m->lay.nrows; r++) {
		const struct view_row *row = &m->rows[m->lay.idx[r]];
		uint8_t *out = cols + (size_t)r * (size_t)cw;
		m->peaks[r] = NAN;
		if (row->kind == VIEW_ROW_ACTOR || row->kind == VIEW_ROW_POOL)
			view_model_columns(m->tl, row->actor, &m->ax, m->live_now, out);
		else if (row->kind == VIEW_ROW_GROUP)
			view_model_group_columns(m->tl, &m->var->families[row->family], &m->ax, out);
		else
			view_model_metric_columns(m->tl, row, &m->ax, out, &m->peaks[r]);
	}
	m->cols = cols;
}

/* A selected group row: its members per state at the cursor (or the end). */
static void
view_model_sel_counts(struct view_model *m, uint64_t t)
{
	const struct prog_family *pf;
	if (!VIEW_SEL_IS_GROUP(m->sel) || (size_t)VIEW_SEL_FAMILY(m->sel) >= m->var->nfamilies)
		return;
	pf = &m->var->families[VIEW_SEL_FAMILY(m->sel)];
	tl_group_at(m->tl, pf->first, pf->count, t, m->counts);
	m->sel_counts = m->counts;
}

/* A comparison's rows for TL's variant: each actor, a family of more than a few as one
 * group row (followed, with METRICS, by its in-flight strip), then the loop's pool threads. */
static size_t
view_model_cmp_rows(const struct tl *tl, struct view_row *rows, size_t max, bool metrics)
{
	const struct prog_variant *var = tl_variant(tl);
	size_t n = 0;
	for (size_t a = 0; a < var->nactors && n < max; a++) {
		int f = var->actors[a].family;
		bool grouped = f >= 0 && (size_t)f < var->nfamilies && var->families[f].count > VIEW_FAMILY_ROWS;
		if (grouped && var->actors[a].member != 1)
			continue;
		rows[n] = (struct view_row){ grouped ? VIEW_ROW_GROUP : VIEW_ROW_ACTOR, grouped ? -1 : (int)a,
			0, (int)n + 1, grouped ? f : -1, 0, false };
		n++;
		if (grouped && metrics && n < max)
			rows[n++] = (struct view_row){ VIEW_ROW_METRIC, -1, 0, 0, f, TL_METRIC_INFLIGHT, false };
	}
	for (size_t k = 0; k < tl_npool(tl) && n < max; k++)
		rows[n++] = (struct view_row){ VIEW_ROW_POOL, (int)(var->nactors + k), 0, 0, -1, 0, false };
	return n;
}

/* A variant's figures for the comparison: its crowds' and the run's. */
static void
view_model_cmp_totals(const struct tl *tl, char *buf, size_t size)
{
	const struct prog_variant *var = tl_variant(tl);
	size_t len = 0;
	double th[1], mem[1];
	uint64_t t0 = tl_t_begin(tl), t1 = tl_t_end(tl) + 1;

	buf[0] = '\0';
	for (size_t f = 0; f < var->nfamilies && len < size; f++) {
		const struct prog_family *pf = &var->families[f];
		uint32_t n[REC_ST_COUNT];
		uint64_t p99 = 0;
		char d[32];
		if (pf->count <= VIEW_FAMILY_ROWS)
			continue;
		/* as the headless report counts them: by how each member ended (so far) */
		tl_group_at(tl, pf->first, pf->count, tl_t_end(tl), n);
		len += (size_t)snprintf(buf + len, size - len, _("%s: %u in time, %u timed out, %u refused, p99 %s; "),
		    pf->name, n[REC_ST_DONE], n[REC_ST_TIMEDOUT], n[REC_ST_REFUSED],
		    tl_family_latency(tl, (int)f, 99, &p99) ? view_dur_text(p99, d, sizeof d) : "-");
	}
	if (len >= size || var->nfamilies == 0)
		return;
	tl_metric_columns(tl, -1, TL_METRIC_THREADS, t0, t1, 1, th);
	tl_metric_columns(tl, -1, TL_METRIC_RSS_KB, t0, t1, 1, mem);
	snprintf(buf + len, size - len, _("threads %.0f, memory added %.1f MiB"), isnan(th[0]) ? 0 : th[0],
	    isnan(mem[0]) ? 0 : mem[0] / 1024.0);
}

/* The comparison: every variant on one time axis, as many rows as fit, with its figures. */
static void
view_model_compare(struct view_model *m, const struct view *v)
{
	int lw = 26, cw = m->body.w - lw, row = 1, h = m->body.h;

	m->cmp_label_w = lw;
	m->cmp_span = 1;
	m->ncmp = v->ncmp;
	m->cmp = xcalloc(v->ncmp + 1, sizeof *m->cmp);
	for (size_t i = 0; i < v->ncmp; i++) {
		const struct tl *tl = v->cmp[i].tl;
		uint64_t e = tl_t_end(tl) > v->cmp[i].live_now ? tl_t_end(tl) : v->cmp[i].live_now;
		m->cmp[i].name = v->cmp[i].name;
		m->cmp[i].tl = tl;
		m->cmp[i].live_now = v->cmp[i].live_now;
		m->cmp[i].len = e - tl_t_begin(tl);
		if (m->cmp[i].len > m->cmp_span)
			m->cmp_span = m->cmp[i].len;
	}
	for (size_t i = 0; i < v->ncmp && row < h; i++) {
		struct view_model_cmp *c = &m->cmp[i];
		const struct prog_variant *var = tl_variant(c->tl);
		uint64_t b = tl_t_begin(c->tl);
		int room;
		view_model_cmp_totals(c->tl, c->totals, sizeof c->totals);
		c->busy[0] = '\0';
		if (v->cmp[i].busy_late_ns > 0)
			run_out_busy_text(v->cmp[i].busy_late_ns, c->busy, sizeof c->busy);
		row += 1 + (c->totals[0] ? 1 : 0) + (c->busy[0] ? 1 : 0);
		room = h - row;
		c->rows = xcalloc(2 * var->nactors + tl_npool(c->tl) + 1, sizeof *c->rows);
		/* the in-flight strips where the screen has room for them */
		c->nshown = (int)view_model_cmp_rows(c->tl, c->rows, room > 0 ? (size_t)room : 0, h >= 40);
		c->cols = xcalloc((size_t)c->nshown * (size_t)(cw > 0 ? cw : 0) + 1, 1);
		c->peaks = xcalloc((size_t)c->nshown + 1, sizeof *c->peaks);
		struct tl_axis ax;
		tl_axis_time(&ax, b, b + m->cmp_span, cw);
		for (int r = 0; r < c->nshown; r++) {
			uint8_t *out = c->cols + (size_t)r * (size_t)cw;
			if (c->rows[r].kind == VIEW_ROW_METRIC)
				view_model_metric_columns(c->tl, &c->rows[r], &ax, out, &c->peaks[r]);
			else if (c->rows[r].kind == VIEW_ROW_GROUP)
				view_model_group_columns(c->tl, &var->families[c->rows[r].family], &ax, out);
			else
				view_model_columns(c->tl, c->rows[r].actor, &ax, c->live_now, out);
		}
		tl_axis_done(&ax);
		row += c->nshown;
	}
}

/* The fields copied from the state as they are. */
static void
view_model_copy(struct view_model *m, const struct view *v)
{
	m->prog = v->prog;
	m->var = v->var;
	m->variant = v->variant;
	m->tl = v->tl;
	m->mode = v->mode;
	m->speed = v->speed;
	m->paused = v->paused;
	m->finished = v->finished;
	m->steps = v->steps;
	m->status = v->status;
	m->expect_met = v->expect_met;
	m->busy_late_ns = v->busy_late_ns;
	m->expect_actual = v->expect_actual;
	m->learn = v->learn;
	m->live_now = v->live_now;
	m->cursor_on = v->cursor_on;
	m->cursor = v->cursor;
	m->rows = v->rows;
	m->nrows = v->nrows;
	m->row_of = v->row_of;
	m->sel = v->sel;
	m->sel_actor = view_sel_actor(v);
	m->compare = v->compare;
	m->details = v->details;
	m->help = v->help;
	m->prog_all = v->prog_all;
	m->help_top = v->help_top;
	m->ascii = crt_ascii();  /* the terminal may have been set up after view_init */
}

bool
view_model_sel_has(const struct view_model *m, int a)
{
	if (VIEW_SEL_IS_GROUP(m->sel) && (size_t)VIEW_SEL_FAMILY(m->sel) < m->var->nfamilies) {
		const struct prog_family *pf = &m->var->families[VIEW_SEL_FAMILY(m->sel)];
		return a >= pf->first && a < pf->first + pf->count;
	}
	return a == m->sel;
}

void
view_model_build(struct view_model *m, const struct view *v, int lines, int cols)
{
	memset(m, 0, sizeof *m);
	view_model_copy(m, v);
	m->lay = v->lay;
	m->cursor_col = -1;
	m->end = view_end(v);
	view_window(v, &m->t0, &m->t1);
	m->too_small = cols < CRT_MIN_COLS || lines < CRT_MIN_LINES;
	if (m->too_small)
		return;
	m->header = (struct view_rect){ 0, 0, 1, cols };
	m->hints = (struct view_rect){ lines - 1, 0, 1, cols };
	m->body = (struct view_rect){ 1, 0, lines - 2, cols };
	if (m->compare) {
		view_model_compare(m, v);
		return;
	}
	view_model_panes(m, (int)m->nrows, cols);
	view_model_timeline(m, v);
	view_model_axis(m, v);
	view_model_cursor(m);
	view_model_row_columns(m);
	m->at = snap_at(v->snap, v->cursor_on ? v->cursor : tl_t_end(v->tl));
	view_model_sel_counts(m, v->cursor_on ? v->cursor : tl_t_end(v->tl));
}

void
view_model_done(struct view_model *m)
{
	for (size_t i = 0; i < m->ncmp; i++) {
		free(m->cmp[i].cols);
		free(m->cmp[i].rows);
		free(m->cmp[i].peaks);
	}
	free(m->cmp);
	tl_axis_done(&m->ax);
	free(m->cols);
	free(m->peaks);
	m->peaks = NULL;
	m->cmp = NULL;
	m->cols = NULL;
	m->ncmp = 0;
}
