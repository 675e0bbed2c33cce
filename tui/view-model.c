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
#include "i18n.h"
#include "run-out.h"
#include "view-text.h"
#include "view.h"
#include "xalloc.h"

/* tl_columns, with each open span carried on to NOW (a live run's clock), where
 * the model stops at its last event. */
static void
view_model_columns(const struct tl *tl, int actor, uint64_t t0, uint64_t t1, int w, uint64_t now, uint8_t *out)
{
	uint64_t end = tl_t_end(tl);
	struct tl_span sp;

	tl_columns(tl, actor, t0, t1, w, out);
	if (now <= end || w <= 0 || t1 <= t0 || !tl_span_at(tl, actor, end, &sp) || sp.end != TL_TIME_MAX)
		return;
	for (int c = 0; c < w; c++) {
		uint64_t c0 = t0 + (uint64_t)((double)(t1 - t0) * c / w);
		if (c0 >= now)
			break;
		if (c0 + (t1 - t0) / (uint64_t)w > end && (out[c] == TL_COL_NONE || c0 >= end))
			out[c] = sp.state;
	}
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
	pw = w / 2;
	rw = w - pw - 1;
	sh = uh / 2;
	m->program = (struct view_rect){ by, 0, uh, pw };
	m->divider = (struct view_rect){ by, pw, uh, 1 };
	m->state = (struct view_rect){ by, pw + 1, sh, rw };
	m->narration = (struct view_rect){ by + sh, pw + 1, uh - sh, rw };
	m->log = (struct view_rect){ by + uh, 0, lh, w };
}

/* The timeline's label and cell columns, its rows and lanes, scrolled so the selection shows. */
static void
view_model_timeline(struct view_model *m, const struct view *v)
{
	const struct view_rect *r = &m->timeline;
	int lw, cw, rows, lanes, ncpu, first, sel_pos = 0;

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
	if (m->sel >= 0 && (size_t)m->sel < m->var->nactors && m->row_of[m->sel] >= 0)
		sel_pos = m->row_of[m->sel];
	else if (VIEW_SEL_IS_GROUP(m->sel) && (size_t)VIEW_SEL_FAMILY(m->sel) < m->var->nfamilies &&
	    v->group_row_of[VIEW_SEL_FAMILY(m->sel)] >= 0)
		sel_pos = v->group_row_of[VIEW_SEL_FAMILY(m->sel)];
	first = v->lay.first;
	if (sel_pos < first)
		first = sel_pos;
	if (sel_pos >= first + rows)
		first = sel_pos - rows + 1;
	if (first + rows > (int)m->nrows)
		first = (int)m->nrows - rows;
	if (first < 0)
		first = 0;
	m->label_w = lw;
	m->lanes = lanes;
	m->lay = (struct view_layout){ .rows_y = r->y + 1, .nrows = rows, .first = first,
		.cells_x = r->x + lw, .cells_w = cw, .ruler_y = r->y, .t0 = m->t0, .t1 = m->t1 };
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
	m->cursor_col = (int)((double)(m->cursor - t0) * cw / (double)(t1 - t0));
	m->c0 = t0 + (uint64_t)((double)(t1 - t0) * m->cursor_col / cw);
	m->c1 = t0 + (uint64_t)((double)(t1 - t0) * (m->cursor_col + 1) / cw);
	if (m->c1 <= m->c0)
		m->c1 = m->c0 + 1;
}

/* A family's group row: in each column, the state its members spent the most time in. */
static void
view_model_group_columns(const struct tl *tl, const struct prog_family *pf, uint64_t t0, uint64_t t1,
    int w, uint8_t *out)
{
	uint64_t (*ns)[REC_ST_COUNT] = xcalloc((size_t)w + 1, sizeof *ns);
	tl_group_columns(tl, pf->first, pf->count, t0, t1, w, ns);
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
view_model_metric_columns(const struct tl *tl, const struct view_row *row, uint64_t t0, uint64_t t1,
    int w, uint8_t *out, double *peak)
{
	double *val = xcalloc((size_t)w + 1, sizeof *val);
	tl_metric_columns(tl, row->family, (enum tl_metric)row->metric, t0, t1, w, val);
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
		const struct view_row *row = &m->rows[m->lay.first + r];
		uint8_t *out = cols + (size_t)r * (size_t)cw;
		m->peaks[r] = NAN;
		if (row->kind == VIEW_ROW_ACTOR || row->kind == VIEW_ROW_POOL)
			view_model_columns(m->tl, row->actor, m->t0, m->t1, cw, m->live_now, out);
		else if (row->kind == VIEW_ROW_GROUP)
			view_model_group_columns(m->tl, &m->var->families[row->family], m->t0, m->t1, cw, out);
		else
			view_model_metric_columns(m->tl, row, m->t0, m->t1, cw, out, &m->peaks[r]);
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
		for (int r = 0; r < c->nshown; r++) {
			uint8_t *out = c->cols + (size_t)r * (size_t)cw;
			if (c->rows[r].kind == VIEW_ROW_METRIC)
				view_model_metric_columns(c->tl, &c->rows[r], b, b + m->cmp_span, cw, out, &c->peaks[r]);
			else if (c->rows[r].kind == VIEW_ROW_GROUP)
				view_model_group_columns(c->tl, &var->families[c->rows[r].family], b, b + m->cmp_span, cw, out);
			else
				view_model_columns(c->tl, c->rows[r].actor, b, b + m->cmp_span, cw, c->live_now, out);
		}
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
	free(m->cols);
	free(m->peaks);
	m->peaks = NULL;
	m->cmp = NULL;
	m->cols = NULL;
	m->ncmp = 0;
}
