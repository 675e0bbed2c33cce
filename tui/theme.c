/* theme.c: the colour schemes and glyph tables. */
#include "config.h"

#include "theme.h"

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

/* Cell glyphs, so a state reads without colour: [state][ascii]. */
static const wchar_t *const theme_state_glyphs[REC_ST_COUNT][2] = {
	[REC_ST_NEW] = { L" ", L" " },
	[REC_ST_RUNNING] = { L"\u2588", L"#" },       /* █ */
	[REC_ST_READY] = { L"\u2591", L"." },         /* ░ */
	[REC_ST_BLOCKED] = { L"\u00d7", L"x" },       /* × */
	[REC_ST_SLEEPING] = { L"z", L"z" },
	[REC_ST_IO] = { L"\u2248", L"~" },            /* ≈ */
	[REC_ST_AWAITING] = { L"\u2504", L"-" },      /* ┄ */
	[REC_ST_JOINING] = { L"\u2026", L"j" },       /* … */
	[REC_ST_DONE] = { L" ", L" " },
	[REC_ST_DEADLOCKED] = { L"!", L"!" },
	[REC_ST_FAILED] = { L"\u2717", L"X" },        /* ✗ */
	[REC_ST_TIMEDOUT] = { L"\u2205", L"t" },      /* ∅ */
	[REC_ST_REFUSED] = { L"\u2298", L"r" },       /* ⊘ */
};

const wchar_t *
theme_state_glyph(enum rec_state st, bool ascii)
{
	if ((int)st < 0 || st >= REC_ST_COUNT)
		return L"?";
	return theme_state_glyphs[st][ascii ? 1 : 0];
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
	[GL_LOCK] = { L"\u25c6", L"*" },        /* ◆ */
	[GL_OK] = { L"\u2713", L"ok" },         /* ✓ */
	[GL_BAD] = { L"\u2717", L"NO" },        /* ✗ */
	[GL_FOLDED] = { L"\u25b8", L"+" },      /* ▸ */
	[GL_OPENED] = { L"\u25be", L"-" },      /* ▾ */
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
