/* picker.c: the scenario picker. */
#include "config.h"

#include "picker.h"

#include <ctype.h>
#include <limits.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "crt.h"
#include "draw.h"
#include "i18n.h"
#include "keys.h"
#include "theme.h"
#include "xalloc.h"

void
picker_init(struct picker *p)
{
	memset(p, 0, sizeof *p);
}

void
picker_done(struct picker *p)
{
	for (size_t i = 0; i < p->nitems; i++) {
		free(p->items[i].name);
		free(p->items[i].title);
		free(p->items[i].summary);
		free(p->items[i].path);
		for (size_t v = 0; v < p->items[i].nvariants; v++)
			free(p->items[i].variants[v].name);
		free(p->items[i].variants);
	}
	free(p->items);
	free(p->shown);
	free(p->error);
	free(p->note);
	memset(p, 0, sizeof *p);
}

void
picker_add(struct picker *p, const char *name, const char *title, const char *summary, const char *path)
{
	struct picker_item *it;

	p->items = xgrow(p->items, &p->aitems, p->nitems + 1, sizeof *p->items);
	it = &p->items[p->nitems++];
	memset(it, 0, sizeof *it);  /* lesson 0 and no variants until told */
	it->name = xstrdup(name ? name : "?");
	it->title = xstrdup(title ? title : "");
	it->summary = xstrdup(summary ? summary : "");
	it->path = path ? xstrdup(path) : NULL;
	picker_refilter(p);
}

void
picker_add_variant(struct picker *p, const char *name, size_t nquestions, bool challenge)
{
	struct picker_item *it;
	struct picker_variant *pv;

	if (p->nitems == 0 || (nquestions == 0 && !challenge))
		return;
	it = &p->items[p->nitems - 1];
	it->variants = xreallocarray(it->variants, it->nvariants + 1, sizeof *it->variants);
	pv = &it->variants[it->nvariants++];
	pv->name = xstrdup(name ? name : "");
	pv->nquestions = nquestions;
	pv->challenge = challenge;
}

/* Glyph G as UTF-8 (ASCII: its fallback), appended to BUF at *LEN. */
static void
picker_put_glyph(enum theme_glyph g, bool ascii, char *buf, size_t size, size_t *len)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;

	memset(&st, 0, sizeof st);
	for (const wchar_t *w = theme_glyph(g, ascii); *w; w++) {
		size_t n = wcrtomb(mb, *w, &st);
		if (n == (size_t)-1) {
			mb[0] = '?';
			n = 1;
		}
		if (*len + n >= size)
			return;
		memcpy(buf + *len, mb, n);
		*len += n;
	}
	buf[*len] = '\0';
}

/* Appends S to BUF at *LEN when it fits whole. */
static void
picker_put(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n < size) {
		memcpy(buf + *len, s, n + 1);
		*len += n;
	}
}

const char *
picker_marks(const struct picker *p, const struct picker_item *it, bool ascii, char *buf, size_t size)
{
	size_t len = 0;
	unsigned asked = 0, answered = 0, chal = 0, solved = 0, steps = 0;
	char num[48];

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (p->progress == NULL || size < 2)
		return buf;
	for (size_t v = 0; v < it->nvariants; v++) {
		const struct picker_variant *pv = &it->variants[v];
		asked += (unsigned)pv->nquestions;
		for (size_t q = 0; q < pv->nquestions; q++)
			answered += progress_answer(p->progress, it->name, pv->name, q) >= 0;
		if (pv->challenge) {
			chal++;
			if (progress_solved(p->progress, it->name, pv->name, &steps, NULL))
				solved++;
		}
	}
	if (progress_seen(p->progress, it->name)) {
		picker_put_glyph(GL_OK, ascii, buf, size, &len);
		picker_put(buf, size, &len, " ");
	}
	if (asked > 0) {
		snprintf(num, sizeof num, "?%u/%u ", answered, asked);
		picker_put(buf, size, &len, num);
	}
	if (chal > 0)
		picker_put_glyph(solved ? GL_STAR : GL_STAR_OPEN, ascii, buf, size, &len);
	if (chal == 1 && solved)
		snprintf(num, sizeof num, "%u", steps);  /* the fewest steps it took */
	else if (chal > 1)
		snprintf(num, sizeof num, "%u/%u", solved, chal);
	else
		num[0] = '\0';
	picker_put(buf, size, &len, num);
	while (len > 0 && buf[len - 1] == ' ')
		buf[--len] = '\0';
	return buf;
}

/* Case-insensitive (ASCII) substring search. */
static bool
picker_match(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return true;
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

void
picker_refilter(struct picker *p)
{
	free(p->shown);
	p->shown = xcalloc(p->nitems + 1, sizeof *p->shown);
	p->nshown = 0;
	/* Names first: what was typed is most likely the start of a name. */
	for (size_t i = 0; i < p->nitems; i++)
		if (picker_match(p->items[i].name, p->filter))
			p->shown[p->nshown++] = i;
	for (size_t i = 0; i < p->nitems; i++) {
		const struct picker_item *it = &p->items[i];
		if (!picker_match(it->name, p->filter) &&
		    (picker_match(it->title, p->filter) || picker_match(it->summary, p->filter)))
			p->shown[p->nshown++] = i;
	}
	if (p->sel >= p->nshown)
		p->sel = p->nshown ? p->nshown - 1 : 0;
}

static int
picker_cmp(const void *a, const void *b)
{
	const struct picker_item *x = a, *y = b;
	int lx = x->lesson > 0 ? x->lesson : INT_MAX, ly = y->lesson > 0 ? y->lesson : INT_MAX;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x->name, y->name);
}

void
picker_sort(struct picker *p)
{
	qsort(p->items, p->nitems, sizeof *p->items, picker_cmp);
	p->sel = p->top = 0;
	picker_refilter(p);
}

void
picker_clear_filter(struct picker *p)
{
	const struct picker_item *it = picker_selected(p);
	size_t item = it ? (size_t)(it - p->items) : 0;

	p->filter[0] = '\0';
	picker_refilter(p);
	for (size_t i = 0; i < p->nshown; i++)
		if (p->shown[i] == item)
			p->sel = i;
}

void
picker_type(struct picker *p, int wc)
{
	char mb[MB_LEN_MAX + 1];
	mbstate_t st;
	size_t n, len = strlen(p->filter);

	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)wc, &st);
	if (n == (size_t)-1 || len + n >= sizeof p->filter)
		return;
	memcpy(p->filter + len, mb, n);
	p->filter[len + n] = '\0';
	p->sel = 0;
	p->top = 0;
	picker_refilter(p);
}

void
picker_erase(struct picker *p)
{
	size_t len = strlen(p->filter);

	/* Remove one whole UTF-8 character: continuation bytes are 10xxxxxx. */
	while (len > 0) {
		unsigned char c = (unsigned char)p->filter[--len];
		p->filter[len] = '\0';
		if ((c & 0xc0) != 0x80)
			break;
	}
	picker_refilter(p);
}

void
picker_move(struct picker *p, int delta)
{
	if (p->nshown == 0)
		return;
	if (delta < 0 && (size_t)-delta > p->sel)
		p->sel = 0;
	else if (delta > 0 && p->sel + (size_t)delta >= p->nshown)
		p->sel = p->nshown - 1;
	else
		p->sel = (size_t)((long)p->sel + delta);
}

const struct picker_item *
picker_selected(const struct picker *p)
{
	if (p->nshown == 0)
		return NULL;
	return &p->items[p->shown[p->sel]];
}

/* Line Y: a warning when there is one, else what the progress marks mean. */
static void
picker_legend_draw(const struct picker *p, int y, int w)
{
	bool ascii = crt_ascii();
	int x = 1;

	if (p->note) {
		draw_text(stdscr, y, 1, w - 2, p->note, theme_attr(TH_WARN));
		return;
	}
	if (p->progress == NULL)
		return;
	x += draw_wtext(stdscr, y, x, w - x, theme_glyph(GL_OK, ascii), theme_attr(TH_OK));
	x += draw_printf(stdscr, y, x, w - x, theme_attr(TH_DIM), " %s   ", _("seen"));
	x += draw_printf(stdscr, y, x, w - x, theme_attr(TH_DIM), "%s   ", _("?n/m questions answered"));
	x += draw_wtext(stdscr, y, x, w - x, theme_glyph(GL_STAR, ascii), theme_attr(TH_OK));
	x += draw_printf(stdscr, y, x, w - x, theme_attr(TH_DIM), "%s   ", _("n challenge solved in n steps"));
	x += draw_wtext(stdscr, y, x, w - x, theme_glyph(GL_STAR_OPEN, ascii), theme_attr(TH_OK));
	draw_printf(stdscr, y, x, w - x, theme_attr(TH_DIM), " %s", _("challenge to try"));
}

void
picker_draw(struct picker *p)
{
	int w = COLS, h = LINES, rows, y;
	attr_t bar = theme_attr(TH_BAR);
	char buf[256];

	werase(stdscr);
	if (crt_too_small()) {
		{
			char m[160];
			snprintf(m, sizeof m, _("Please enlarge the terminal to at least %dx%d"), CRT_MIN_COLS, CRT_MIN_LINES);
			draw_text(stdscr, h / 2 > 0 ? h / 2 - 1 : 0, 0, w, m, theme_attr(TH_WARN));
			snprintf(m, sizeof m, _("(now %dx%d; %s quits)"), COLS, LINES, keys_label_of(KC_PICKER, ACT_QUIT));
			if (h / 2 < h)
				draw_text(stdscr, h / 2, 0, w, m, theme_attr(TH_NORMAL));
		}
		return;
	}
	mvwhline(stdscr, 0, 0, ' ' | bar, w);
	draw_printf(stdscr, 0, 0, w, bar | A_BOLD, " kitchensync  %s", _("pick a scenario to watch"));
	picker_legend_draw(p, 1, w);
	/* Column heads: the lesson in kitchensync-tutorial(7), the name, the title. */
	draw_text(stdscr, 3, 2, 2, "#", theme_attr(TH_DIM));
	draw_text(stdscr, 3, 5, 15, _("scenario"), theme_attr(TH_DIM));
	draw_text(stdscr, 3, 21, w - 22, _("title (in lesson order, as the tutorial teaches them)"), theme_attr(TH_DIM));
	snprintf(buf, sizeof buf, "%s %s", _("Filter (type to search):"), p->filter);
	y = draw_text(stdscr, 2, 1, w - 2, buf, theme_attr(TH_TITLE));
	draw_fill(stdscr, 2, 1 + y, 1, L"_", theme_attr(TH_MATCH));
	rows = (h - 6) / 2;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;
	y = 4;
	snprintf(buf, sizeof buf, _("No scenario matches the filter (%s erases)."), keys_label_of(KC_PICKER, ACT_PICK_ERASE));
	if (p->nshown == 0)
		draw_text(stdscr, y, 2, w - 4, p->nitems ? buf : p->error ? p->error : _("No scenarios were found."),
		    theme_attr(TH_WARN));
	for (size_t i = p->top; i < p->nshown && y + 1 < h - 1; i++) {
		const struct picker_item *it = &p->items[p->shown[i]];
		bool sel = i == p->sel;
		attr_t a = sel ? theme_attr(TH_SELECTED) : theme_attr(TH_NORMAL);
		int x = 1;
		mvwhline(stdscr, y, 0, ' ' | a, w);
		if (sel)
			draw_wtext(stdscr, y, 0, 1, theme_glyph(GL_SELECT, crt_ascii()), a | A_BOLD);
		x += 1;
		if (it->lesson > 0)
			draw_printf(stdscr, y, x, 2, a | A_BOLD, "%2d", it->lesson);
		x += 3;
		draw_text(stdscr, y, x, 15, it->name, a | A_BOLD);
		x += 16;
		draw_text(stdscr, y, x, w - x - 1, it->title, a);
		draw_text(stdscr, y + 1, 21, w - 22, it->summary, theme_attr(TH_DIM));
		draw_text(stdscr, y + 1, 5, 15, picker_marks(p, it, crt_ascii(), buf, sizeof buf), theme_attr(TH_OK));
		y += 2;
	}
	mvwhline(stdscr, h - 1, 0, ' ' | bar, w);
	/* The keys come from the key table, as the help overlay's do. */
	snprintf(buf, sizeof buf, _("%s/%s choose  %s open  type to filter  %s help  %s quit"),
	    keys_label_of(KC_PICKER, ACT_PICK_UP), keys_label_of(KC_PICKER, ACT_PICK_DOWN),
	    keys_label_of(KC_PICKER, ACT_PICK_OPEN), keys_label_of(KC_PICKER, ACT_HELP),
	    keys_label_of(KC_PICKER, ACT_BACK));
	draw_printf(stdscr, h - 1, 0, w, bar, " %s", buf);
}
