/* theme.c: the colour schemes and glyph tables. */
#include "config.h"

#include "theme.h"

#include "i18n.h"
#include "tl-text.h"

struct theme_entry {
	short fg, bg;    /* -1: the terminal's default */
	attr_t color;    /* attributes with colour */
	attr_t mono;     /* attributes without: state must still read */
};

/* One scheme: indexed by enum theme_role. */
static const struct theme_entry theme_scheme[TH_COUNT] = {
	[TH_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[TH_DIM] = { -1, -1, A_DIM, A_DIM },
	[TH_BAR] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[TH_BAR_KEY] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_BOLD },
	[TH_TITLE] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[TH_SELECTED] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[TH_CURSOR] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[TH_CURRENT_OP] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[TH_NEXT_OP] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD },
	[TH_OK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[TH_BAD] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[TH_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[TH_MODE_LIVE] = { COLOR_WHITE, COLOR_GREEN, A_BOLD, A_BOLD },
	[TH_MODE_STEP] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD },
	[TH_MODE_REPLAY] = { COLOR_WHITE, COLOR_MAGENTA, A_BOLD, A_BOLD },
	[TH_HIGHLIGHT] = { COLOR_BLACK, COLOR_MAGENTA, A_BOLD, A_REVERSE | A_BOLD },
	[TH_DEADLOCK] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[TH_MATCH] = { COLOR_YELLOW, -1, A_BOLD | A_UNDERLINE, A_UNDERLINE },
	[TH_ST_FIRST + REC_ST_NEW] = { -1, -1, A_DIM, A_DIM },
	[TH_ST_FIRST + REC_ST_RUNNING] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[TH_ST_FIRST + REC_ST_READY] = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
	[TH_ST_FIRST + REC_ST_BLOCKED] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[TH_ST_FIRST + REC_ST_SLEEPING] = { COLOR_BLUE, -1, A_BOLD, A_NORMAL },
	[TH_ST_FIRST + REC_ST_IO] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[TH_ST_FIRST + REC_ST_AWAITING] = { COLOR_MAGENTA, -1, A_NORMAL, A_NORMAL },
	[TH_ST_FIRST + REC_ST_JOINING] = { COLOR_WHITE, -1, A_NORMAL, A_NORMAL },
	[TH_ST_FIRST + REC_ST_DONE] = { -1, -1, A_DIM, A_DIM },
	[TH_ST_FIRST + REC_ST_DEADLOCKED] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[TH_ST_FIRST + REC_ST_FAILED] = { COLOR_RED, -1, A_BOLD | A_REVERSE, A_REVERSE },
	[TH_ST_FIRST + REC_ST_TIMEDOUT] = { COLOR_RED, -1, A_NORMAL, A_DIM },
	[TH_ST_FIRST + REC_ST_REFUSED] = { COLOR_RED, -1, A_BOLD, A_BOLD },
};

static bool theme_color;

void
theme_init(bool color)
{
	theme_color = color;
	if (!color)
		return;
	for (int r = 0; r < TH_COUNT; r++)
		init_pair((short)(r + 1), theme_scheme[r].fg, theme_scheme[r].bg);
}

bool
theme_has_colors(void)
{
	return theme_color;
}

short
theme_pair(enum theme_role role)
{
	return theme_color ? (short)(role + 1) : 0;
}

attr_t
theme_attr(enum theme_role role)
{
	if ((int)role < 0 || role >= TH_COUNT)
		role = TH_NORMAL;
	if (!theme_color)
		return theme_scheme[role].mono;
	return theme_scheme[role].color | COLOR_PAIR(role + 1);
}

enum theme_role
theme_state_role(enum rec_state st)
{
	if ((int)st < 0 || st >= REC_ST_COUNT)
		return TH_NORMAL;
	return (enum theme_role)(TH_ST_FIRST + st);
}

/* Cell glyphs, so a state reads without colour: the headless timeline's
 * table (tl-text.h), so the screen, the text and the manual agree. */
const wchar_t *
theme_state_glyph(enum rec_state st, bool ascii)
{
	const struct tl_text_glyph *g = tl_text_glyph(st);
	if (g == NULL)
		return L"?";
	return ascii ? g->wa : g->wu;
}

static const wchar_t *const theme_glyphs[GL_COUNT][2] = {
	[GL_SELECT] = { L"\u25b6", L">" },      /* ▶ */
	[GL_CURRENT] = { L"\u25b8", L">" },     /* ▸ */
	[GL_CURSOR] = { L"\u2502", L"|" },      /* │ */
	[GL_ARROW_DOWN] = { L"\u25bc", L"v" },  /* ▼ */
	[GL_ARROW_UP] = { L"\u25b2", L"^" },    /* ▲ */
	[GL_VLINE] = { L"\u2502", L"|" },
	[GL_HLINE] = { L"\u2500", L"-" },       /* ─ */
	[GL_TICK] = { L"\u2534", L"+" },        /* ┴ */
	[GL_ELLIPSIS] = { L"\u2026", L"~" },
	[GL_LOCK] = { L"\u25c6", L"*" },        /* ◆, as theme_marks' lock taken */
	[GL_OK] = { L"\u2713", L"ok" },         /* ✓ */
	[GL_BAD] = { L"\u2717", L"NO" },        /* ✗ */
	[GL_FOLDED] = { L"\u25b8", L"+" },      /* ▸ */
	[GL_OPENED] = { L"\u25be", L"-" },      /* ▾ */
	[GL_STAR] = { L"\u2605", L"*" },        /* ★ */
	[GL_STAR_OPEN] = { L"\u2606", L"o" },   /* ☆ */
};

const wchar_t *
theme_level_glyph(int level, bool ascii)
{
	static const wchar_t *const uni[] = {
		L"_", L"\u2581", L"\u2582", L"\u2583", L"\u2584", L"\u2585", L"\u2586", L"\u2587", L"\u2588",
	};
	static const wchar_t *const asc[] = { L"_", L"1", L"2", L"3", L"4", L"5", L"6", L"7", L"8" };
	if (level < 0 || level > 8)
		return L"?";
	return ascii ? asc[level] : uni[level];
}

const wchar_t *
theme_glyph(enum theme_glyph g, bool ascii)
{
	if ((int)g < 0 || g >= GL_COUNT)
		return L"?";
	return theme_glyphs[g][ascii ? 1 : 0];
}

/* The marks events leave on the rows, in the order the help's legend lists them. */
static const struct {
	uint8_t kind;
	const wchar_t *u, *a;
	const char *name;
} theme_marks[] = {
	{ REC_SAY, L"\"", L"\"", N_("narration") },
	{ REC_LOAD, L"L", L"L", N_("load") },
	{ REC_STORE, L"S", L"S", N_("store") },
	{ REC_LOCK_ACQUIRE, L"\u25c6", L"*", N_("lock taken") },  /* ◆ */
	{ REC_PUSH, L">", L">", N_("push") },
	{ REC_POP, L"<", L"<", N_("pop") },
};

const wchar_t *
theme_event_glyph(enum rec_kind kind, bool ascii)
{
	for (size_t i = 0; i < sizeof theme_marks / sizeof theme_marks[0]; i++)
		if (theme_marks[i].kind == kind)
			return ascii ? theme_marks[i].a : theme_marks[i].u;
	return NULL;
}

const uint8_t *
theme_mark_kinds(size_t *n)
{
	static uint8_t kinds[sizeof theme_marks / sizeof theme_marks[0]];
	*n = sizeof kinds;
	for (size_t i = 0; i < *n; i++)
		kinds[i] = theme_marks[i].kind;
	return kinds;
}

const char *
theme_mark_name(enum rec_kind kind)
{
	for (size_t i = 0; i < sizeof theme_marks / sizeof theme_marks[0]; i++)
		if (theme_marks[i].kind == kind)
			return _(theme_marks[i].name);
	return "?";
}
