/* tl-text.c: the headless timeline.
 *
 * Layout (W = opts->width, the whole line; see man/timeline-layout.txt):
 *
 *   scenario race, variant unsafe: Race condition: two cooks, one order count
 *                        0         10ms      20ms      30ms
 *                        ┬─────────┬─────────┬─────────┬────────
 *   say                  1        2
 *   A thread Cook A      ██████░░░░×××████···
 *   B thread Cook B      ░░░░░░██████████···
 *
 *   cpu 0                AAAAAABBBBBBBBBBAAA
 *   legend: █ running  ░ ready  × blocked ...   one column = 1ms
 *   say:
 *    1   0ms  Cook A: ...
 *
 * The label field is as wide as the widest label (at most W/3, at least 8);
 * one space separates it from the G = W - label - 1 timeline columns (at
 * least 10).  One column is a "nice" duration (1, 2 or 5 times a power of
 * ten nanoseconds), the smallest that fits the whole run into G columns;
 * the ruler has a tick every 10 columns, labelled with its time in the
 * largest unit (s, ms, us, ns) that keeps the labels whole numbers.
 */
#include "config.h"

#include "tl-text.h"

#include "tl-axis.h"

#include <inttypes.h>
#include <langinfo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "i18n.h"
#include "tl-verdict.h"
#include "xalloc.h"

/* Indexed by enum rec_state.  Every view draws states from here. */
static const struct tl_text_glyph tl_text_glyphs[REC_ST_COUNT] = {
	[REC_ST_NEW] = { " ", " ", L" ", L" ", NULL, "-", N_("not started") },
	[REC_ST_RUNNING] = { "\u2588", "#", L"\u2588", L"#", "32", "green", N_("running") },
	[REC_ST_READY] = { "\u2591", ":", L"\u2591", L":", "33", "yellow", N_("ready") },
	[REC_ST_BLOCKED] = { "\u00d7", "x", L"\u00d7", L"x", "31", "red", N_("blocked") },
	[REC_ST_SLEEPING] = { "z", "z", L"z", L"z", "34", "blue", N_("sleeping") },
	[REC_ST_IO] = { "\u2248", "~", L"\u2248", L"~", "36", "cyan", N_("I/O") },
	[REC_ST_AWAITING] = { "\u25e6", "o", L"\u25e6", L"o", "35", "magenta", N_("awaiting") },
	[REC_ST_JOINING] = { "\u22c8", "j", L"\u22c8", L"j", "94", "bright blue", N_("joining") },
	[REC_ST_DONE] = { "\u00b7", ".", L"\u00b7", L".", "90", "grey", N_("done") },
	[REC_ST_DEADLOCKED] = { "\u2716", "X", L"\u2716", L"X", "1;37;41", "white on red", N_("deadlocked") },
	[REC_ST_FAILED] = { "!", "!", L"!", L"!", "1;31", "bold red", N_("failed") },
	[REC_ST_TIMEDOUT] = { "\u2205", "t", L"\u2205", L"t", "91", "bright red", N_("timed out") },
	[REC_ST_REFUSED] = { "\u2298", "r", L"\u2298", L"r", "1;91", "bold bright red", N_("refused") },
};

/* The order the legend lists states in. */
static const uint8_t tl_text_legend_order[] = {
	REC_ST_RUNNING, REC_ST_READY, REC_ST_BLOCKED, REC_ST_SLEEPING, REC_ST_IO,
	REC_ST_AWAITING, REC_ST_JOINING, REC_ST_DONE, REC_ST_DEADLOCKED, REC_ST_FAILED,
	REC_ST_TIMEDOUT, REC_ST_REFUSED,  /* these two only when the variant has families */
};

const struct tl_text_glyph *
tl_text_glyph(enum rec_state st)
{
	return (unsigned)st < REC_ST_COUNT ? &tl_text_glyphs[st] : NULL;
}

const uint8_t *
tl_text_legend_states(size_t *n)
{
	*n = sizeof tl_text_legend_order;
	return tl_text_legend_order;
}

/* Metric strips: a column's value against its row's peak, in 8 (Unicode) or 9 (ASCII) steps. */
static const char *const tl_text_levels_u[] = {
	"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588",
};
static const char *const tl_text_levels_a[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9" };

/* ---- options ---------------------------------------------------------------- */

int
tl_text_color_parse(const char *s, enum tl_text_color *out)
{
	if (strcmp(s, "auto") == 0)
		*out = TL_COLOR_AUTO;
	else if (strcmp(s, "always") == 0)
		*out = TL_COLOR_ALWAYS;
	else if (strcmp(s, "never") == 0)
		*out = TL_COLOR_NEVER;
	else
		return -1;
	return 0;
}

bool
tl_text_color_use(enum tl_text_color c, int fd)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (c == TL_COLOR_ALWAYS)
		return true;
	if (c == TL_COLOR_NEVER)
		return false;
	if (nc != NULL && nc[0] != '\0')
		return false;
	if (term == NULL || strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd) == 1;
}

bool
tl_text_utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int
tl_text_default_width(int fd)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (isatty(fd) == 1 && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (cols != NULL) {
		char *end;
		long v = strtol(cols, &end, 10);
		if (*cols != '\0' && *end == '\0' && v > 0 && v < 10000)
			return (int)v;
	}
	return 100;
}

/* ---- wide characters ----------------------------------------------------------- */

/* Decodes one UTF-8 character at S into *WC; returns its length (1 for a bad byte, U+FFFD). */
static int
tl_text_decode(const char *s, uint32_t *wc)
{
	const unsigned char *p = (const unsigned char *)s;
	int len;
	uint32_t c;

	if (p[0] < 0x80) {
		*wc = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else {
		*wc = 0xfffd;
		return 1;
	}
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*wc = 0xfffd;
			return 1;
		}
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff)) {
		*wc = 0xfffd;
		return 1;
	}
	*wc = c;
	return len;
}

/* Columns of one character: wcwidth, or East Asian wide ranges when the locale does not know. */
static int
tl_text_wcwidth(uint32_t c)
{
	int w;

	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 1;  /* printed as '?' */
	w = wcwidth((wchar_t)c);
	if (w >= 0)
		return w;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) ||
	    (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	if (c >= 0x300 && c <= 0x36f)
		return 0;  /* combining marks */
	return 1;
}

int
tl_text_width(const char *s)
{
	int w = 0;
	uint32_t c;

	while (*s) {
		s += tl_text_decode(s, &c);
		w += tl_text_wcwidth(c);
	}
	return w;
}

/* Writes the bytes of one character (control characters as '?'). */
static void
tl_text_putc(FILE *out, const char *s, int len, uint32_t c)
{
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		fputc('?', out);
	else if (c == 0xfffd && len == 1)
		fputs("\xef\xbf\xbd", out);
	else
		fwrite(s, 1, (size_t)len, out);
}

/* Writes S cut to at most MAXW columns (ending in an ellipsis when cut), padded to PAD columns. */
static void
tl_text_put_fit(FILE *out, const char *s, int maxw, int pad, bool ascii)
{
	int w = 0, total = tl_text_width(s);
	uint32_t c;

	if (total <= maxw) {
		for (const char *p = s; *p;) {
			int len = tl_text_decode(p, &c);
			tl_text_putc(out, p, len, c);
			p += len;
		}
		w = total;
	} else {
		for (const char *p = s; *p;) {
			int len = tl_text_decode(p, &c);
			int cw = tl_text_wcwidth(c);
			if (w + cw > maxw - 1)
				break;
			tl_text_putc(out, p, len, c);
			w += cw;
			p += len;
		}
		fputs(ascii ? "~" : "\u2026", out);
		w++;
	}
	for (; w < pad; w++)
		fputc(' ', out);
}

/*
 * Writes TEXT wrapped to lines of at most AVAIL columns; continuation lines
 * begin with HANG spaces.  Breaks at a space when the line has one, else
 * between any two characters (as Chinese text wraps).
 */
static void
tl_text_wrap(FILE *out, const char *text, int avail, int hang)
{
	const char *p = text;
	uint32_t c;
	bool first = true;

	if (avail < 10)
		avail = 10;
	while (*p) {
		const char *q = p, *brk = NULL, *line_end;
		int w = 0;

		int room = first || avail - hang < 10 ? avail : avail - hang;

		first = false;
		while (*q == ' ')
			q++;
		p = q;
		/* find how far this line goes */
		bool wide_break = false, prev_wide = false;
		while (*q) {
			int len = tl_text_decode(q, &c);
			int cw = tl_text_wcwidth(c);
			if (c == '\n')
				break;
			if (w + cw > room) {
				/* Chinese text breaks between any two characters */
				wide_break = cw > 1 || prev_wide;
				break;
			}
			if (c == ' ')
				brk = q;
			prev_wide = cw > 1;
			w += cw;
			q += len;
		}
		line_end = q;
		if (*q && *q != '\n' && !wide_break && brk != NULL && brk > p)
			line_end = brk;
		if (line_end == p && *p && *p != '\n')  /* one character wider than the line */
			line_end = p + tl_text_decode(p, &c);
		/* drop trailing spaces of the line */
		q = line_end;
		while (q > p && q[-1] == ' ')
			q--;
		for (const char *r = p; r < q;) {
			int len = tl_text_decode(r, &c);
			tl_text_putc(out, r, len, c);
			r += len;
		}
		fputc('\n', out);
		p = line_end;
		if (*p == '\n')
			p++;
		while (*p == ' ')
			p++;
		if (*p)
			fprintf(out, "%*s", hang, "");
	}
	if (*text == '\0')
		fputc('\n', out);
}

/* ---- times -------------------------------------------------------------------- */

/* A duration as a short string: 0, 750ns, 12us, 1.5ms, 2.25s. */
static void
tl_text_dur(char *buf, size_t size, uint64_t ns)
{
	static const struct { uint64_t div; const char *unit; } units[] = {
		{ 1000000000u, "s" }, { 1000000u, "ms" }, { 1000u, "us" }, { 1u, "ns" },
	};
	size_t u = 0;
	char num[48];
	char *dot;

	if (ns == 0) {
		snprintf(buf, size, "0");
		return;
	}
	while (u + 1 < sizeof units / sizeof units[0] && ns < units[u].div)
		u++;
	snprintf(num, sizeof num, "%" PRIu64 ".%03" PRIu64, ns / units[u].div,
	    units[u].div >= 1000 ? ns % units[u].div / (units[u].div / 1000) : 0);
	dot = strchr(num, '.');
	{
		char *e = num + strlen(num);
		while (e > dot + 1 && e[-1] == '0')
			*--e = '\0';
		if (e == dot + 1)
			*dot = '\0';
	}
	snprintf(buf, size, "%s%s", num, units[u].unit);
}

/* The smallest 1/2/5 x 10^k ns step that fits DUR into G columns. */
static uint64_t
tl_text_step(uint64_t dur, int g)
{
	static const uint64_t mant[] = { 1, 2, 5 };
	uint64_t p = 1;

	for (;;) {
		for (int i = 0; i < 3; i++) {
			uint64_t s = mant[i] * p;
			if (s * (uint64_t)g >= dur)
				return s;
		}
		if (p > UINT64_MAX / 100 / (uint64_t)g)
			return p * 10;
		p *= 10;
	}
}

/* ---- rows -------------------------------------------------------------------- */

struct tl_text {
	FILE *out;
	const struct tl *tl;
	const struct tl_text_opts *o;
	const struct prog *prog;
	const struct prog_variant *var;
	int width, lw, g;
	uint64_t t0, step, t1;
	struct tl_axis ax;     /* the columns: a time axis of `step` ns a column, or a step axis */
	int *order, *depth;
	int *group;        /* per row: the family it stands for, or -1 for one actor */
	size_t norder;
	char **labels;
	bool used[REC_ST_COUNT];
	bool *grouped;     /* per family: drawn as one group row */
	struct tl_text_metric *metrics;
	size_t nmetrics;
};

/* One metric row: which metric of which family, its label and its peak. */
struct tl_text_metric {
	int family;
	enum tl_metric m;
	char *label;
	double *v;
	double peak;
};

static const char *
tl_text_kind(enum prog_actor_kind k)
{
	switch (k) {
	case PROG_THREAD: return "thread";
	case PROG_PROCESS: return "process";
	case PROG_LOOP: return "loop";
	case PROG_TASK: return "task";
	}
	return "?";
}

static char
tl_text_key(int a)
{
	static const char keys[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	return a >= 0 && a < (int)sizeof keys - 1 ? keys[a] : '+';
}

/* Appends the row of pool thread K (actor nactors + K) at DEPTH. */
static void
tl_text_pool_row(struct tl_text *x, size_t k, int depth, bool *seen)
{
	size_t a = tl_nactors(x->tl) + k;

	seen[a] = true;
	x->group[x->norder] = -1;
	x->order[x->norder] = (int)a;
	x->depth[x->norder++] = depth;
}

/* Actors grouped: each top-level actor, then its children (threads or loops in a
 * process, tasks in a loop), depth first, in declaration order; a loop's pool
 * threads after its tasks. */
static void
tl_text_group(struct tl_text *x, int parent, int depth, bool *seen)
{
	size_t n = x->var ? x->var->nactors : 0;

	for (size_t a = 0; a < n; a++) {
		int p = x->var->actors[a].parent;
		bool top = p < 0 || (size_t)p >= n || p == (int)a;
		int f = tl_family_of(x->tl, (int)a);
		if (seen[a] || (parent < 0 ? !top : p != parent))
			continue;
		seen[a] = true;
		if (f >= 0 && x->grouped[f]) {
			/* a crowd: one row for the family, where its first member is */
			const struct prog_family *pf = &x->var->families[f];
			for (int i = 0; i < pf->count; i++)
				seen[pf->first + i] = true;
			x->group[x->norder] = f;
			x->order[x->norder] = pf->first;
			x->depth[x->norder++] = depth;
			continue;
		}
		x->group[x->norder] = -1;
		x->order[x->norder] = (int)a;
		x->depth[x->norder++] = depth;
		if (depth < 8)
			tl_text_group(x, (int)a, depth + 1, seen);
		for (size_t k = 0; k < tl_npool(x->tl); k++)
			if (tl_pool_loop(x->tl, k) == (int)a && !seen[n + k])
				tl_text_pool_row(x, k, depth + 1, seen);
	}
}

static void
tl_text_sgr(struct tl_text *x, const char *sgr, const char **cur)
{
	if (!x->o->color || sgr == *cur || (sgr && *cur && strcmp(sgr, *cur) == 0))
		return;
	if (sgr)
		fprintf(x->out, "\033[0;%sm", sgr);
	else
		fputs("\033[0m", x->out);
	*cur = sgr;
}

/* Writes the cells (state per column) of one row, trailing blanks trimmed. */
static void
tl_text_cells(struct tl_text *x, const uint8_t *cells)
{
	int last = x->g - 1;
	const char *cur = NULL;

	while (last >= 0 && (cells[last] == TL_COL_NONE || cells[last] == REC_ST_NEW))
		last--;
	for (int c = 0; c <= last; c++) {
		const struct tl_text_glyph *gl = cells[c] < REC_ST_COUNT ? &tl_text_glyphs[cells[c]] : NULL;
		if (gl == NULL || cells[c] == REC_ST_NEW) {
			tl_text_sgr(x, NULL, &cur);
			fputc(' ', x->out);
			continue;
		}
		x->used[cells[c]] = true;
		tl_text_sgr(x, gl->sgr, &cur);
		fputs(x->o->ascii ? gl->a : gl->u, x->out);
	}
	tl_text_sgr(x, NULL, &cur);
	fputc('\n', x->out);
}

static void
tl_text_label(struct tl_text *x, const char *label)
{
	tl_text_put_fit(x->out, label, x->lw, x->lw, x->o->ascii);
	fputc(' ', x->out);
}

/* Puts LAB at column C of a ruler line G wide when it fits there and does not
 * touch the label before it (which ends before *NEXT); *END: where the line ends. */
static void
tl_text_place(char *line, int g, int c, const char *lab, int *next, int *end)
{
	int len = (int)strlen(lab);
	if (c < *next || c + len > g)
		return;
	memcpy(line + c, lab, (size_t)len);
	*end = c + len;
	*next = c + len + 1;
}

/* A step axis's ruler: the steps' numbers, and a tick where each step starts. */
static void
tl_text_ruler_steps(struct tl_text *x)
{
	char *line = xmalloc((size_t)x->g + 64);
	int next = 0, end = 0;

	memset(line, ' ', (size_t)x->g + 64);
	for (int c = 0; c < x->g; c++) {
		char lab[40];
		if (!tl_axis_step_label(&x->ax, c, lab, sizeof lab))
			continue;
		tl_text_place(line, x->g, c, lab, &next, &end);
	}
	line[end] = '\0';
	tl_text_label(x, _("step"));
	fprintf(x->out, "%s\n", line);
	free(line);
	tl_text_label(x, "");
	for (int c = 0; c < x->ax.used; c++) {
		if (tl_axis_step_starts(&x->ax, c))
			fputs(x->o->ascii ? "+" : "\u252c", x->out);
		else
			fputs(x->o->ascii ? "-" : "\u2500", x->out);
	}
	fputc('\n', x->out);
}

static void
tl_text_ruler(struct tl_text *x)
{
	uint64_t tick = x->step * 10;
	uint64_t unit = 1;
	const char *uname = "ns";
	char *line = xmalloc((size_t)x->g + 64);
	int next = 0, end = 0;

	if (tick >= 1000000000u) {
		unit = 1000000000u;
		uname = "s";
	} else if (tick >= 1000000u) {
		unit = 1000000u;
		uname = "ms";
	} else if (tick >= 1000u) {
		unit = 1000u;
		uname = "us";
	}
	memset(line, ' ', (size_t)x->g + 64);
	for (int c = 0; c < x->g; c += 10) {
		char lab[40];
		if (c == 0)
			snprintf(lab, sizeof lab, "0");
		else
			snprintf(lab, sizeof lab, "%" PRIu64 "%s", (uint64_t)c * x->step / unit, uname);
		tl_text_place(line, x->g, c, lab, &next, &end);
	}
	line[end] = '\0';
	tl_text_label(x, "");
	fprintf(x->out, "%s\n", line);
	free(line);
	tl_text_label(x, "");
	for (int c = 0; c < x->g; c++) {
		if (c % 10 == 0)
			fputs(x->o->ascii ? "+" : "\u252c", x->out);
		else
			fputs(x->o->ascii ? "-" : "\u2500", x->out);
	}
	fputc('\n', x->out);
}

/* The narration events, in order. */
static size_t
tl_text_says(const struct tl *tl, struct rec_event **out)
{
	size_t n = 0, cap = 0;
	struct rec_event *v = NULL, ev;

	for (size_t i = tl_first(tl); i < tl_end(tl); i++) {
		tl_event(tl, i, &ev);
		if (ev.kind != REC_SAY)
			continue;
		v = xgrow(v, &cap, n + 1, sizeof *v);
		v[n++] = ev;
	}
	*out = v;
	return n;
}

static const char *
tl_text_text(const struct tl_text *x, int64_t idx)
{
	const char *s = NULL;

	if (x->prog && idx >= 0 && (size_t)idx < x->prog->ntexts)
		s = prog_text_get(&x->prog->texts[idx], x->o->lang);
	return s ? s : "";
}

static const char *
tl_text_actor_name(const struct tl_text *x, int a)
{
	return tl_actor_name(x->tl, a);
}

static int
tl_text_col(const struct tl_text *x, uint64_t t)
{
	int c = tl_axis_col(&x->ax, t);

	if (c < 0)
		c = t < x->ax.edge[0] ? 0 : (x->ax.used > 0 ? x->ax.used : x->g) - 1;
	return c;
}

static char
tl_text_say_mark(size_t i)
{
	if (i < 9)
		return (char)('1' + i);
	if (i < 9 + 26)
		return (char)('a' + (i - 9));
	return '*';
}

static void
tl_text_legend(struct tl_text *x)
{
	char dur[40];
	int lw;

	/* Measured without colour; printed item by item so colour can wrap around glyphs. */
	lw = tl_text_width(_("legend:"));
	fputs(_("legend:"), x->out);
	{
		int col = lw;
		for (size_t i = 0; i < sizeof tl_text_legend_order; i++) {
			uint8_t s = tl_text_legend_order[i];
			if ((s == REC_ST_TIMEDOUT || s == REC_ST_REFUSED) && tl_nfamilies(x->tl) == 0)
				continue;
			const struct tl_text_glyph *gl = &tl_text_glyphs[s];
			if ((s == REC_ST_TIMEDOUT || s == REC_ST_REFUSED) && (!x->var || x->var->nfamilies == 0))
				continue;  /* only family members time out or are refused */
			const char *name = _(gl->name);
			int iw = 2 + 1 + 1 + tl_text_width(name);
			if (col + iw > x->width && col > lw) {
				fprintf(x->out, "\n%*s", lw, "");
				col = lw;
			}
			fputs("  ", x->out);
			if (x->o->color)
				fprintf(x->out, "\033[0;%sm", gl->sgr);
			fputs(x->o->ascii ? gl->a : gl->u, x->out);
			if (x->o->color)
				fputs("\033[0m", x->out);
			fprintf(x->out, " %s", name);
			col += iw;
		}
		tl_text_dur(dur, sizeof dur, x->step);
		{
			char *s;
			if (x->ax.steps) {
				/* the step axis: how wide a step is, and the scenario time the steps took */
				int sw = x->ax.n && x->ax.n <= (size_t)x->ax.w ? x->ax.used / (int)x->ax.n : 0;
				tl_text_dur(dur, sizeof dur, tl_t_end(x->tl) - tl_t_begin(x->tl));
				s = sw > 0 ? xasprintf(_("one step = %d columns; %zu steps took %s of scenario time"), sw,
				    x->ax.n, dur)
				    : xasprintf(_("one column = %zu steps; %zu steps took %s of scenario time"),
				    (x->ax.n + (size_t)x->ax.w - 1) / (size_t)x->ax.w, x->ax.n, dur);
			} else {
				s = xasprintf(_("one column = %s"), dur);
			}
			int sw = tl_text_width(s) + 3;
			if (col + sw > x->width)
				fprintf(x->out, "\n%*s%s\n", lw + 2, "", s);
			else
				fprintf(x->out, "   %s\n", s);
			free(s);
		}
	}
}

/* ---- crowds --------------------------------------------------------------------- */

/* A metric row's label (NAME: its family's). */
static char *
tl_text_metric_label(enum tl_metric m, const char *name)
{
	switch (m) {
	case TL_METRIC_INFLIGHT: return xasprintf(_("%s in flight"), name);
	case TL_METRIC_COMPLETIONS: return xasprintf(_("%s done/s"), name);
	case TL_METRIC_LATENCY_P50: return xasprintf(_("%s latency p50"), name);
	case TL_METRIC_LATENCY_P99: return xasprintf(_("%s latency p99"), name);
	case TL_METRIC_THREADS: return xstrdup(_("threads"));
	case TL_METRIC_RSS_KB: return xstrdup(_("memory"));
	default: return xstrdup("?");
	}
}

static void
tl_text_metric_add(struct tl_text *x, int f, enum tl_metric m)
{
	struct tl_text_metric *r;
	const char *name = f >= 0 && x->var->families[f].name ? x->var->families[f].name : "";

	x->metrics = xrealloc(x->metrics, (x->nmetrics + 1) * sizeof *x->metrics);
	r = &x->metrics[x->nmetrics++];
	memset(r, 0, sizeof *r);
	r->family = f;
	r->m = m;
	r->label = tl_text_metric_label(m, name);
}

/* Which families are drawn as one row, and which metric rows there are. */
static void
tl_text_crowds(struct tl_text *x)
{
	size_t nf = x->var ? tl_nfamilies(x->tl) : 0;

	x->grouped = xcalloc(nf + 1, sizeof *x->grouped);
	for (size_t f = 0; f < nf; f++) {
		x->grouped[f] = x->var->families[f].count > TL_TEXT_FAMILY_ROWS;
		if (!x->grouped[f])
			continue;  /* a few members have rows of their own: no crowd to sum up */
		if (!tl_metric_any(x->tl, (int)f, TL_METRIC_INFLIGHT) &&
		    !tl_metric_any(x->tl, (int)f, TL_METRIC_COMPLETIONS))
			continue;
		for (int m = TL_METRIC_INFLIGHT; m <= TL_METRIC_LATENCY_P99; m++)
			if (m == TL_METRIC_INFLIGHT || m == TL_METRIC_COMPLETIONS ||
			    tl_metric_any(x->tl, (int)f, (enum tl_metric)m))
				tl_text_metric_add(x, (int)f, (enum tl_metric)m);
	}
	if (nf == 0)
		return;  /* the run's threads and memory matter where there are crowds */
	if (tl_metric_any(x->tl, TL_FAMILY_NONE, TL_METRIC_THREADS))
		tl_text_metric_add(x, TL_FAMILY_NONE, TL_METRIC_THREADS);
	if (tl_metric_any(x->tl, TL_FAMILY_NONE, TL_METRIC_RSS_KB))
		tl_text_metric_add(x, TL_FAMILY_NONE, TL_METRIC_RSS_KB);
}

/* The key an actor has in the CPU lanes: '*' for a member of a family drawn as one row. */
static char
tl_text_lane_key(const struct tl_text *x, int a)
{
	int f = tl_family_of(x->tl, a);
	return f >= 0 && x->grouped[f] ? '*' : tl_text_key(a);
}

/* A metric's value as a short string. */
void
tl_text_metric_value(char *buf, size_t size, enum tl_metric m, double v)
{
	switch (m) {
	case TL_METRIC_COMPLETIONS:
		snprintf(buf, size, "%.0f/s", v);
		break;
	case TL_METRIC_LATENCY_P50:
	case TL_METRIC_LATENCY_P99:
		tl_text_dur(buf, size, (uint64_t)v);
		break;
	case TL_METRIC_RSS_KB:
		if (v >= 1024)
			snprintf(buf, size, "%.1f MiB", v / 1024);
		else
			snprintf(buf, size, "%.0f KiB", v);
		break;
	default:
		snprintf(buf, size, "%.0f", v);
		break;
	}
}

/* One metric row: each column's value against the row's peak (blank: none, or 0). */
static void
tl_text_strip(struct tl_text *x, struct tl_text_metric *r)
{
	int levels = x->o->ascii ? 9 : 8, last;

	r->v = xmalloc((size_t)x->g * sizeof *r->v);
	tl_axis_metric_columns(x->tl, r->family, r->m, &x->ax, r->v);
	r->peak = 0;
	for (int c = 0; c < x->g; c++)
		if (!isnan(r->v[c]) && r->v[c] > r->peak)
			r->peak = r->v[c];
	last = x->g - 1;
	while (last >= 0 && (isnan(r->v[last]) || r->v[last] <= 0))
		last--;
	tl_text_label(x, r->label);
	for (int c = 0; c <= last; c++) {
		double q;
		int l;
		if (isnan(r->v[c]) || r->v[c] <= 0) {
			fputc(' ', x->out);
			continue;
		}
		q = r->v[c] / r->peak * levels;
		l = (int)q;
		if (l < q)
			l++;  /* rounded up: any value shows */
		l = l < 1 ? 1 : l > levels ? levels : l;
		fputs(x->o->ascii ? tl_text_levels_a[l - 1] : tl_text_levels_u[l - 1], x->out);
	}
	fputc('\n', x->out);
}

/* The peak of every metric row: what its tallest mark stands for. */
static void
tl_text_peaks(struct tl_text *x)
{
	char val[64];

	if (x->nmetrics == 0)
		return;
	fprintf(x->out, "%s\n", x->o->ascii ? _("metric rows, 9 = the peak:")
	    : _("metric rows, \u2588 = the peak:"));
	for (size_t i = 0; i < x->nmetrics; i++) {
		struct tl_text_metric *r = &x->metrics[i];
		tl_text_label(x, r->label);
		if (r->peak > 0) {
			tl_text_metric_value(val, sizeof val, r->m, r->peak);
			fprintf(x->out, "%s\n", val);
		} else {
			fprintf(x->out, "%s\n", _("none"));
		}
	}
}

void
tl_text_print(FILE *out, const struct tl *tl, const struct tl_text_opts *o)
{
	struct tl_text x;
	bool *seen;
	uint8_t *cells;
	size_t nsay;
	struct rec_event *says = NULL;
	uint64_t dur;

	memset(&x, 0, sizeof x);
	x.out = out;
	x.tl = tl;
	x.o = o;
	x.prog = tl_prog(tl);
	x.var = tl_variant(tl);
	x.width = o->width > 0 ? o->width : 100;

	/* header */
	{
		const char *name = x.prog && x.prog->name ? x.prog->name : "?";
		const char *title = x.var ? prog_text_get(&x.var->title, o->lang) : NULL;
		char *head;
		if (title == NULL && x.prog)
			title = prog_text_get(&x.prog->title, o->lang);
		if (x.var && x.var->name)
			head = xasprintf(_("scenario %s, variant %s"), name, x.var->name);
		else
			head = xasprintf(_("scenario %s"), name);
		if (title) {
			char *h2 = xasprintf("%s: %s", head, title);
			free(head);
			head = h2;
		}
		tl_text_wrap(out, head, x.width, 2);
		free(head);
	}

	/* rows and labels */
	tl_text_crowds(&x);
	x.order = xcalloc(tl_nactors(tl) + tl_npool(tl) + 1, sizeof *x.order);
	x.depth = xcalloc(tl_nactors(tl) + tl_npool(tl) + 1, sizeof *x.depth);
	x.group = xcalloc(tl_nactors(tl) + tl_npool(tl) + 1, sizeof *x.group);
	seen = xcalloc(tl_nactors(tl) + tl_npool(tl) + 1, sizeof *seen);
	tl_text_group(&x, -1, 0, seen);
	/* pool threads of no known loop: last */
	for (size_t k = 0; k < tl_npool(tl); k++)
		if (!seen[tl_nactors(tl) + k])
			tl_text_pool_row(&x, k, 0, seen);
	free(seen);
	x.labels = xcalloc(x.norder + 1, sizeof *x.labels);
	x.lw = 8;
	for (size_t i = 0; i < x.norder; i++) {
		int a = x.order[i], f = x.group[i];
		if (f >= 0)
			x.labels[i] = xasprintf("* %*s%s %s %s%d", 2 * x.depth[i], "",
			    tl_text_kind(x.var->families[f].kind),
			    x.var->families[f].name ? x.var->families[f].name : "?",
			    o->ascii ? "x" : "\u00d7", x.var->families[f].count);
		else
			x.labels[i] = xasprintf("%c %*s%s %s", tl_text_key(a), 2 * x.depth[i], "",
			    (size_t)a < tl_nactors(tl) ? tl_text_kind(x.var->actors[a].kind) : "thread",
			    tl_text_actor_name(&x, a));
		if (tl_text_width(x.labels[i]) > x.lw)
			x.lw = tl_text_width(x.labels[i]);
	}
	for (size_t i = 0; i < x.nmetrics; i++)
		if (tl_text_width(x.metrics[i].label) > x.lw)
			x.lw = tl_text_width(x.metrics[i].label);
	if (x.lw > x.width / 3)
		x.lw = x.width / 3 > 8 ? x.width / 3 : 8;
	x.g = x.width - x.lw - 1;
	if (x.g < 10)
		x.g = 10;

	x.t0 = tl_t_begin(tl);
	dur = tl_t_end(tl) - x.t0;
	x.step = tl_text_step(dur ? dur : 1, x.g);
	x.t1 = x.t0 + x.step * (uint64_t)x.g;
	if (tl_step_clock(tl) && tl_nsteps(tl) > 0)
		tl_axis_steps(&x.ax, tl, 0, tl_nsteps(tl), x.g, TL_AXIS_STEP_COLS);
	else
		tl_axis_time(&x.ax, x.t0, x.t1, x.g);

	if (x.ax.steps)
		tl_text_ruler_steps(&x);
	else
		tl_text_ruler(&x);

	/* narration marks */
	cells = xmalloc((size_t)x.g);
	nsay = tl_text_says(tl, &says);
	if (nsay > 0) {
		char *marks = xmalloc((size_t)x.g + 1);
		int last = -1;
		memset(marks, ' ', (size_t)x.g);
		for (size_t i = 0; i < nsay; i++) {
			int c = tl_text_col(&x, says[i].t_ns);
			marks[c] = marks[c] == ' ' ? tl_text_say_mark(i) : '+';
			if (c > last)
				last = c;
		}
		marks[last + 1] = '\0';
		tl_text_label(&x, _("say"));
		fprintf(out, "%s\n", marks);
		free(marks);
	}

	for (size_t i = 0; i < x.norder; i++) {
		tl_text_label(&x, x.labels[i]);
		if (x.group[i] >= 0) {
			/* a crowd: the members' dominant state in each column (tl_group_pick) */
			const struct prog_family *pf = &x.var->families[x.group[i]];
			uint64_t (*ns)[REC_ST_COUNT] = xmalloc((size_t)x.g * sizeof *ns);
			tl_axis_group_columns(tl, pf->first, pf->count, &x.ax, ns);
			for (int c = 0; c < x.g; c++)
				cells[c] = tl_group_pick(ns[c]);
			free(ns);
		} else {
			tl_axis_columns(tl, x.order[i], &x.ax, cells);
		}
		tl_text_cells(&x, cells);
	}

	/* metric rows */
	if (x.nmetrics > 0)
		fputc('\n', out);
	for (size_t i = 0; i < x.nmetrics; i++)
		tl_text_strip(&x, &x.metrics[i]);

	/* CPU lanes */
	if (tl_ncpus(tl) > 0) {
		int16_t *lane = xmalloc((size_t)x.g * sizeof *lane);
		fputc('\n', out);
		for (int c = 0; c < tl_ncpus(tl); c++) {
			char *lab = xasprintf(_("cpu %d"), c);
			int last;
			tl_axis_cpu_columns(tl, c, &x.ax, lane);
			last = x.g - 1;
			while (last >= 0 && lane[last] < 0)
				last--;
			tl_text_label(&x, lab);
			for (int k = 0; k <= last; k++)
				fputc(lane[k] < 0 ? ' ' : tl_text_lane_key(&x, lane[k]), out);
			fputc('\n', out);
			free(lab);
		}
		free(lane);
	}

	if (tl_dropped(tl) > 0) {
		char when[40];
		tl_text_dur(when, sizeof when, tl_kept_from(tl) - x.t0);
		fprintf(out, _("note: the oldest %" PRIu64 " events were summarised to save memory; "
			"detail starts at %s\n"), tl_dropped(tl), when);
	}
	tl_text_legend(&x);
	tl_text_peaks(&x);

	if (nsay > 0) {
		char (*times)[40] = xcalloc(nsay, sizeof *times);
		int tw = 0, nw = nsay >= 10 ? 2 : 1;
		fprintf(out, "%s\n", _("say:"));
		for (size_t i = 0; i < nsay; i++) {
			tl_text_dur(times[i], sizeof times[i], says[i].t_ns - x.t0);
			if ((int)strlen(times[i]) > tw)
				tw = (int)strlen(times[i]);
		}
		for (size_t i = 0; i < nsay; i++) {
			const char *name = tl_text_actor_name(&x, says[i].actor);
			char *line = xasprintf("%*s%c %*s  %s: %s", nw - 1, "", tl_text_say_mark(i), tw,
			    times[i], name, tl_text_text(&x, says[i].value));
			int hang = nw + 1 + tw + 2 + tl_text_width(name) + 2;
			if (hang > x.width / 2)
				hang = nw + 1 + tw + 2;
			tl_text_wrap(out, line, x.width, hang);
			free(line);
		}
		free(times);
	}
	free(says);
	free(cells);
	tl_axis_done(&x.ax);
	for (size_t i = 0; i < x.norder; i++)
		free(x.labels[i]);
	free(x.labels);
	free(x.order);
	free(x.depth);
	free(x.group);
	free(x.grouped);
	for (size_t i = 0; i < x.nmetrics; i++) {
		free(x.metrics[i].label);
		free(x.metrics[i].v);
	}
	free(x.metrics);
}

/* ---- outcome ------------------------------------------------------------------- */

/* "  * task Request ×N: 9 done, 1 timed out": members of family F by their state at the end. */
static void
tl_text_family_counts(FILE *out, const struct tl *tl, int f)
{
	const struct prog_family *pf = &tl_variant(tl)->families[f];
	uint32_t n[REC_ST_COUNT];
	bool first = true;

	tl_group_at(tl, pf->first, pf->count, tl_t_end(tl), n);
	fprintf(out, "  * %s %s \u00d7%d:", tl_text_kind(pf->kind), pf->name ? pf->name : "?", pf->count);
	for (size_t i = 0; i <= sizeof tl_text_legend_order; i++) {
		uint8_t s = i < sizeof tl_text_legend_order ? tl_text_legend_order[i] : REC_ST_NEW;
		if (n[s] == 0)
			continue;
		fprintf(out, "%s %u %s", first ? "" : ",", n[s], _(tl_text_glyphs[s].name));
		first = false;
	}
	fputc('\n', out);
}

/* "  Request: 10 arrived, ..." for a family that had crowd events. */
static void
tl_text_family_stats(FILE *out, const struct tl *tl, int f)
{
	const struct prog_family *pf = &tl_variant(tl)->families[f];
	struct tl_family_stats st;
	uint64_t p50, p99;

	tl_family_stats(tl, f, &st);
	if (st.arrived == 0 && st.finished == 0 && st.refused == 0 && st.timeouts == 0)
		return;
	fprintf(out, _("  %s: %u arrived, %u finished, %u passed the deadline, %u refused"),
	    pf->name ? pf->name : "?", st.arrived, st.finished, st.timeouts, st.refused);
	if (tl_family_latency(tl, f, 50, &p50) && tl_family_latency(tl, f, 99, &p99)) {
		char a[40], b[40];
		tl_text_dur(a, sizeof a, p50);
		tl_text_dur(b, sizeof b, p99);
		fprintf(out, _("; latency p50 %s, p99 %s"), a, b);
	}
	fputc('\n', out);
}

int
tl_text_outcome(FILE *out, const struct tl *tl, const struct tl_text_opts *o)
{
	const struct prog_variant *var = tl_variant(tl);
	struct rec_event ev;
	struct verdict vd;
	size_t lost = 0;
	int64_t outcome;
	int status;
	char dur[40];

	tl_text_dur(dur, sizeof dur, tl_t_end(tl) - tl_t_begin(tl));
	tl_verdict(tl, &vd);
	if (!tl_ended(tl, &outcome))
		fprintf(out, _("outcome: the run did not end (the trace stops at %s)\n"), dur);
	else
		fprintf(out, _("outcome: %s after %s\n"), vd.end == VERDICT_SIGNAL ? _("stopped by a signal")
		    : verdict_end_text(vd.end, vd.failure), dur);

	/* each actor's last state; a crowd's members counted by their last state */
	for (size_t a = 0; var && a < var->nactors; a++) {
		struct tl_span sp;
		int f = tl_family_of(tl, (int)a);
		if (f >= 0 && var->families[f].count > TL_TEXT_FAMILY_ROWS) {
			if ((int)a == var->families[f].first)
				tl_text_family_counts(out, tl, f);
			continue;
		}
		size_t n = tl_nspans(tl, (int)a);
		const char *st = n > 0 && tl_span(tl, (int)a, n - 1, &sp) && sp.state < REC_ST_COUNT
		    ? _(tl_text_glyphs[sp.state].name) : _(tl_text_glyphs[REC_ST_NEW].name);
		fprintf(out, "  %c %s %s: %s\n", tl_text_key((int)a), tl_text_kind(var->actors[a].kind),
		    var->actors[a].name ? var->actors[a].name : "?", st);
	}
	/* a loop's pool threads: the offloaded calls each ran */
	for (size_t k = 0; var && k < tl_npool(tl); k++) {
		int last, a = (int)(var->nactors + k);
		unsigned n = tl_pool_calls(tl, k, &last);
		fprintf(out, "  %c thread %s: ", tl_text_key(a), tl_actor_name(tl, a));
		if (n == 1 && last >= 0)
			fprintf(out, _("ran 1 offloaded call, for %s"), tl_actor_name(tl, last));
		else
			fprintf(out, P_("ran %d offloaded call", "ran %d offloaded calls", (int)n), (int)n);
		fputc('\n', out);
	}
	for (size_t i = tl_first(tl); i < tl_end(tl); i++) {
		const char *rname;
		tl_event(tl, i, &ev);
		rname = var && ev.res >= 0 && (size_t)ev.res < var->ndecls ? var->decls[ev.res].name : "?";
		switch (ev.kind) {
		case REC_VALUE_FINAL:
			if (var && ev.res >= 0 && (size_t)ev.res < var->ndecls && var->decls[ev.res].kind == PROG_QUEUE)
				break;  /* a queue's length, for the verdict */
			if (ev.actor < 0 || !var || (size_t)ev.actor >= var->nactors)
				fprintf(out, _("  final value: %s = %" PRId64 "\n"), rname, ev.value);
			else
				fprintf(out, _("  final value: %s = %" PRId64 " (in %s)\n"), rname, ev.value,
				    var->actors[ev.actor].name);
			break;
		case REC_EXPECT:
			if (var && ev.actor >= 0 && (size_t)ev.actor < var->nactors && ev.res >= 0
			    && (size_t)ev.res < var->nexpects) {
				fprintf(out, _("  invariant at line %d broken by %s\n"), var->expects[ev.res].loc.line,
				    var->actors[ev.actor].name);
				break;
			}
			if (var && ev.res >= 0 && (size_t)ev.res < var->nexpects && (size_t)ev.res < vd.nexpects)
				fprintf(out, _("  expectation at line %d: %s\n"), var->expects[ev.res].loc.line,
				    verdict_mark_text(vd.marks[ev.res], var->expects[ev.res].mode));
			break;
		case REC_DEADLOCK:
			fprintf(out, _("  deadlock: %s waits for %s held by %s\n"),
			    var && ev.actor >= 0 && (size_t)ev.actor < var->nactors ? var->actors[ev.actor].name : "?",
			    rname,
			    var && ev.other >= 0 && (size_t)ev.other < var->nactors ? var->actors[ev.other].name : "?");
			break;
		case REC_ASSERT_FAIL: {
			const char *why = tl_prog(tl) && ev.value >= 0 && (size_t)ev.value < tl_prog(tl)->ntexts
			    ? prog_text_get(&tl_prog(tl)->texts[ev.value], o->lang) : NULL;
			fprintf(out, _("  assertion failed in %s: %s\n"),
			    var && ev.actor >= 0 && (size_t)ev.actor < var->nactors ? var->actors[ev.actor].name : "?",
			    why ? why : "");
			break;
		}
		case REC_CRITICAL:
			fprintf(out, _("  critical region violated: %s entered while %s was inside\n"),
			    var && ev.actor >= 0 && (size_t)ev.actor < var->nactors ? var->actors[ev.actor].name : "?",
			    var && ev.other >= 0 && (size_t)ev.other < var->nactors ? var->actors[ev.other].name : "?");
			break;
		case REC_LOST_UPDATE:
			lost++;
			break;
		default:
			break;
		}
	}
	for (size_t f = 0; var && f < tl_nfamilies(tl); f++)
		tl_text_family_stats(out, tl, (int)f);
	if (lost > 0)
		fprintf(out, _("  lost updates: %zu\n"), lost);
	if (tl_dropped(tl) > 0)
		fprintf(out, _("  %" PRIu64 " old events were summarised to save memory\n"), tl_dropped(tl));
	fprintf(out, _("Verdict: %s\n"), vd.headline);
	status = vd.status;
	verdict_free(&vd);
	return status;
}
