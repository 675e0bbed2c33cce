/* view-learn.c: the challenge panel (its goal, its hint), a question asked
 * before the run, and the box that tells how it went (the challenge solved,
 * the real answers), drawn from the frame's model (struct learn, learn.h). */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "i18n.h"
#include "keys.h"
#include "learn.h"
#include "run-out.h"
#include "theme.h"
#include "view-draw.h"
#include "view-text.h"

/* Lines of a box or panel, wrapped to a width, then drawn. */
#define VL_MAX 64

struct vl_line {
	char text[320];
	attr_t a;
	int indent;
	const wchar_t *glyph;  /* drawn before the text, or NULL */
};

struct vl {
	struct vl_line line[VL_MAX];
	int n;
	int width;             /* the text's width */
};

/* Adds TEXT wrapped to the width (continuation lines indented as the first, plus 2). */
static void
vl_add(struct vl *b, const char *text, attr_t a, int indent, const wchar_t *glyph)
{
	struct draw_line dl[VL_MAX];
	int lead = indent + (glyph ? 2 : 0), w = b->width - lead;
	size_t n = draw_wrap(text, w > 8 ? w : 8, dl, VL_MAX);

	if (n == 0 && b->n < VL_MAX) {
		memset(&b->line[b->n], 0, sizeof b->line[b->n]);
		b->line[b->n++].glyph = glyph;
		return;
	}
	for (size_t k = 0; k < n && k < VL_MAX && b->n < VL_MAX; k++) {
		struct vl_line *l = &b->line[b->n++];
		size_t len = dl[k].len < sizeof l->text - 1 ? dl[k].len : sizeof l->text - 1;
		memcpy(l->text, text + dl[k].off, len);
		l->text[len] = '\0';
		l->a = a;
		l->indent = lead;
		l->glyph = k == 0 ? glyph : NULL;
		if (k == 0 && glyph)
			l->indent = indent;
	}
}

static void
vl_addf(struct vl *b, attr_t a, int indent, const wchar_t *glyph, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
vl_addf(struct vl *b, attr_t a, int indent, const wchar_t *glyph, const char *fmt, ...)
{
	char buf[640];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	vl_add(b, buf, a, indent, glyph);
}

/* Draws lines FROM.. of B at (Y, X), at most H of them. */
static void
vl_draw(const struct vl *b, int from, int y, int x, int h)
{
	for (int i = from, r = 0; i < b->n && r < h; i++, r++) {
		const struct vl_line *l = &b->line[i];
		int cx = x + l->indent;
		if (l->glyph) {
			draw_wtext(stdscr, y + r, cx, 2, l->glyph, l->a | A_BOLD);
			cx += 2;
		}
		draw_text(stdscr, y + r, cx, b->width - (cx - x), l->text, l->a);
	}
}

/* A framed box of B's lines, centred in R (its top at R's top when TOP). */
static void
vl_box(const struct vl *b, struct view_rect r, bool top, bool ascii)
{
	int bw = b->width + 4, bh = b->n + 2, bx, by;
	attr_t fa = theme_attr(TH_TITLE);

	if (bw > r.w)
		bw = r.w;
	if (bh > r.h)
		bh = r.h;
	bx = r.x + (r.w - bw) / 2;
	by = top ? r.y : r.y + (r.h - bh) / 2;
	for (int i = 0; i < bh; i++)
		mvwhline(stdscr, by + i, bx, ' ' | theme_attr(TH_NORMAL), bw);
	draw_fill(stdscr, by, bx, bw, theme_glyph(GL_HLINE, ascii), fa);
	draw_fill(stdscr, by + bh - 1, bx, bw, theme_glyph(GL_HLINE, ascii), fa);
	for (int i = 1; i < bh - 1; i++) {
		draw_fill(stdscr, by + i, bx, 1, theme_glyph(GL_VLINE, ascii), fa);
		draw_fill(stdscr, by + i, bx + bw - 1, 1, theme_glyph(GL_VLINE, ascii), fa);
	}
	vl_draw(b, 0, by + 1, bx + 2, bh - 2);
}

static const char *
vl_text(const struct prog_text *t)
{
	const char *s = prog_text_get(t, prog_lang());
	return s ? s : "";
}

/* "2 Cook B": an actor as its row's number and name, as 1-9 and Tab select it. */
static const char *
vl_actor(const struct view_model *m, int a, char *buf, size_t size)
{
	int row = a >= 0 && (size_t)a < m->var->nactors && m->row_of ? m->row_of[a] : -1;

	if (row >= 0 && m->rows[row].number > 0)
		snprintf(buf, size, "%d %s", m->rows[row].number, view_actor_name(m->var, a));
	else
		snprintf(buf, size, "%s", view_actor_name(m->var, a));
	return buf;
}

/* ---- the challenge panel ------------------------------------------------------ */

/* The panel's lines: the goal, then (asked for) the hint and the next step. */
static void
view_learn_panel_lines(const struct view_model *m, const struct learn *l, struct vl *b)
{
	const struct prog_challenge *c = l->var->challenge;
	char who[96];

	vl_add(b, vl_text(&c->title), theme_attr(TH_HIGHLIGHT) | A_BOLD, 0,
	    theme_glyph(l->solved ? GL_STAR : GL_STAR_OPEN, m->ascii));
	if (m->mode != VIEW_STEP)
		vl_addf(b, theme_attr(TH_WARN), 0, NULL, _("A challenge is played in step mode: press %s."),
		    keys_label_of(KC_VIEW, ACT_STEP_MODE));
	if (l->solved) {
		vl_addf(b, theme_attr(TH_OK) | A_BOLD, 0, NULL, _("Solved in %u steps."), l->steps);
		return;
	}
	if (!l->hint) {
		vl_addf(b, theme_attr(TH_DIM), 0, NULL, _("Pick who moves (%s, %s), %s undoes, %s for a hint."),
		    keys_label_of(KC_VIEW, ACT_SEL_1), keys_label_of(KC_VIEW, ACT_STEP),
		    keys_label_of(KC_VIEW, ACT_UNDO), keys_label_of(KC_VIEW, ACT_HINT));
		return;
	}
	/* Who moves next first: the words of the hint may not all fit. */
	if (l->hint_pending)
		vl_add(b, _("Looking for a shortest way from here..."), theme_attr(TH_DIM), 0, NULL);
	else if (l->hint_actor >= 0)
		vl_addf(b, theme_attr(TH_OK), 0, NULL,
		    _("Next on a shortest way: %s (the goal is %zu steps away)."),
		    vl_actor(m, l->hint_actor, who, sizeof who), l->hint_left);
	else
		vl_addf(b, theme_attr(TH_WARN), 0, NULL,
		    _("From here the goal cannot be reached (or explore cannot tell): %s undoes a step, %s starts again."),
		    keys_label_of(KC_VIEW, ACT_UNDO), keys_label_of(KC_VIEW, ACT_RESTART));
	if (c->hint.text)
		vl_add(b, vl_text(&c->hint), theme_attr(TH_NORMAL), 0, NULL);
}

/* The challenge panel in the top of R; returns the lines it took. */
int
view_learn_panel_draw(const struct view_model *m, struct view_rect r)
{
	const struct learn *l = m->learn;
	struct vl b;
	int h;

	if (l == NULL || !learn_has_challenge(l) || learn_asking(l) || r.h < 4)
		return 0;
	memset(&b, 0, sizeof b);
	b.width = r.w;
	view_learn_panel_lines(m, l, &b);
	h = 1 + b.n;
	if (h > r.h - (l->hint ? 0 : 2))
		h = r.h - (l->hint ? 0 : 2);  /* the narration keeps its title and a line, but for a hint */
	for (int i = 0; i < h; i++)
		mvwhline(stdscr, r.y + i, r.x, ' ' | theme_attr(TH_NORMAL), r.w);
	view_pane_title(r.y, r.x, r.w, _("Challenge"), NULL);
	vl_draw(&b, 0, r.y + 1, r.x, h - 1);
	return h;
}

/* ---- a question before the run ------------------------------------------------- */

static void
view_learn_question_lines(const struct view_model *m, const struct learn *l, struct vl *b)
{
	const struct prog_question *q = &l->var->questions[l->q];

	vl_addf(b, theme_attr(TH_TITLE), 0, NULL, _("Predict, then watch: question %zu of %zu"), l->q + 1,
	    l->var->nquestions);
	vl_add(b, "", 0, 0, NULL);
	vl_add(b, vl_text(&q->text), A_BOLD, 0, NULL);
	vl_add(b, "", 0, 0, NULL);
	if (q->kind == PROG_QUESTION_CHOICE) {
		for (size_t c = 0; c < q->nchoices && b->n < VL_MAX - 4; c++) {
			bool sel = (int)c == l->sel;
			char label[48];
			if (c < 26)
				snprintf(label, sizeof label, "%zu %c)", c + 1, (int)('a' + c));
			else
				snprintf(label, sizeof label, "%zu)", c + 1);
			vl_addf(b, sel ? theme_attr(TH_SELECTED) | A_BOLD : theme_attr(TH_NORMAL), sel ? 0 : 2,
			    sel ? theme_glyph(GL_SELECT, m->ascii) : NULL, "%s %s", label, vl_text(&q->choices[c].text));
		}
		vl_add(b, "", 0, 0, NULL);
		vl_addf(b, theme_attr(TH_DIM), 0, NULL, _("Type a choice's number or letter (or %s/%s), then %s; %s skips."),
		    keys_label_of(KC_ASK, ACT_ASK_PREV), keys_label_of(KC_ASK, ACT_ASK_NEXT),
		    keys_label_of(KC_ASK, ACT_ASK_ANSWER), keys_label_of(KC_ASK, ACT_BACK));
		return;
	}
	vl_addf(b, theme_attr(TH_SELECTED) | A_BOLD, 0, NULL, _("Your answer: %s_"), l->input);
	vl_add(b, "", 0, 0, NULL);
	vl_addf(b, theme_attr(TH_DIM), 0, NULL, _("Type a whole number, then %s; %s skips."),
	    keys_label_of(KC_ASK, ACT_ASK_ANSWER), keys_label_of(KC_ASK, ACT_BACK));
}

/* ---- how it went -------------------------------------------------------------- */

/* A choice question's answer: what was picked, whether right, what held. */
static void
view_learn_choice_lines(const struct view_model *m, const struct prog_question *q, const struct learn_answer *a,
    struct vl *b)
{
	char held[400];
	size_t len = 0;

	held[0] = '\0';
	for (size_t c = 0; c < q->nchoices && c < 64; c++)
		if (a->held & ((uint64_t)1 << c)) {
			int w = snprintf(held + len, sizeof held - len, "%s%s", len ? "; " : "", vl_text(&q->choices[c].text));
			if (w < 0 || (size_t)w >= sizeof held - len)
				break;
			len += (size_t)w;
		}
	if (a->given)
		vl_addf(b, a->right == 1 ? theme_attr(TH_OK) | A_BOLD : theme_attr(TH_BAD) | A_BOLD, 2,
		    theme_glyph(a->right == 1 ? GL_OK : GL_BAD, m->ascii), "%s %s",
		    a->right == 1 ? _("Right: you said") : _("Not this time: you said"),
		    vl_text(&q->choices[a->choice].text));
	else
		vl_add(b, _("You skipped it."), theme_attr(TH_DIM), 2, NULL);
	vl_addf(b, theme_attr(TH_NORMAL), 2, NULL, _("What happened: %s"), len ? held : _("none of the choices"));
}

static void
view_learn_result_lines(const struct view_model *m, const struct learn *l, int fewest, struct vl *b)
{
	if (l->solved) {
		const struct prog_challenge *c = l->var->challenge;
		vl_addf(b, theme_attr(TH_OK) | A_BOLD, 0, theme_glyph(GL_STAR, m->ascii),
		    _("Challenge solved in %u steps!"), l->steps);
		if (l->fewest_pending)
			vl_add(b, _("Looking for the fewest steps possible..."), theme_attr(TH_DIM), 2, NULL);
		else if (fewest >= 0)
			vl_addf(b, theme_attr(TH_NORMAL), 2, NULL, (unsigned)fewest < l->steps ?
			    _("The fewest possible is %d: %s undoes a step to try for fewer.") :
			    _("The fewest possible is %d: you found a shortest way."), fewest,
			    keys_label_of(KC_VIEW, ACT_UNDO));
		if (c->explain.text)
			vl_add(b, vl_text(&c->explain), theme_attr(TH_NORMAL), 2, NULL);
	}
	if (l->ask == LEARN_REVEALED) {
		for (size_t i = 0; i < l->var->nquestions && b->n < VL_MAX - 6; i++) {
			const struct prog_question *q = &l->var->questions[i];
			const struct learn_answer *a = &l->answers[i];
			if (b->n > 0)
				vl_add(b, "", 0, 0, NULL);
			vl_add(b, vl_text(&q->text), theme_attr(TH_TITLE), 0, NULL);
			if (q->kind == PROG_QUESTION_CHOICE)
				view_learn_choice_lines(m, q, a, b);
			else if (a->given)
				vl_addf(b, a->right == 1 ? theme_attr(TH_OK) | A_BOLD : theme_attr(TH_BAD) | A_BOLD, 2,
				    theme_glyph(a->right == 1 ? GL_OK : GL_BAD, m->ascii),
				    a->right == 1 ? _("Right: you said %" PRId64 "; it was %" PRId64 ".") :
				    _("Not this time: you said %" PRId64 "; it was %" PRId64 "."), a->number, a->real);
			else
				vl_addf(b, theme_attr(TH_NORMAL), 2, NULL, _("It was %" PRId64 "."), a->real);
			if (q->explain.text)
				vl_add(b, vl_text(&q->explain), theme_attr(TH_NORMAL), 2, NULL);
		}
	}
	if (m->finished && m->busy_late_ns > 0) {
		/* the answers above were judged on times a busy machine stretched */
		char note[240];
		vl_add(b, "", 0, 0, NULL);
		vl_add(b, run_out_busy_text(m->busy_late_ns, note, sizeof note), theme_attr(TH_WARN), 0,
		    theme_glyph(GL_BAD, m->ascii));
	}
	vl_add(b, "", 0, 0, NULL);
	vl_addf(b, theme_attr(TH_DIM), 0, NULL, _("%s closes this; %s runs it again."), keys_label_of(KC_VIEW, ACT_BACK),
	    keys_label_of(KC_VIEW, ACT_RESTART));
}

void
view_learn_draw(const struct view_model *m, struct view_rect below)
{
	const struct learn *l = m->learn;
	struct vl b;
	int w = m->body.w - 6;

	if (l == NULL || l->var == NULL)
		return;
	memset(&b, 0, sizeof b);
	b.width = w > 86 ? 86 : w;
	if (learn_asking(l)) {
		view_learn_question_lines(m, l, &b);
		vl_box(&b, m->body, false, m->ascii);
	} else if (l->box && (l->solved || l->ask == LEARN_REVEALED)) {
		view_learn_result_lines(m, l, l->fewest, &b);
		vl_box(&b, below, false, m->ascii);
	}
}
