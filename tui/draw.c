/* draw.c: width-aware text drawing. */
#include "config.h"

#include "draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Decodes one character of S (at most N bytes); returns bytes used (>= 1) and the character's width. */
static size_t
draw_next(const char *s, size_t n, wchar_t *wc, int *width)
{
	mbstate_t st;
	size_t r;
	int cw;

	memset(&st, 0, sizeof st);
	r = mbrtowc(wc, s, n, &st);
	if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
		*wc = L'?';
		*width = 1;
		return 1;
	}
	cw = wcwidth(*wc);
	if (cw < 0 || *wc == L'\t' || *wc == L'\n') {
		*wc = (*wc == L'\t' || *wc == L'\n') ? L' ' : L'?';
		cw = 1;
	}
	*width = cw;
	return r;
}

int
draw_width(const char *s)
{
	size_t n = strlen(s), i = 0;
	int total = 0;

	while (i < n) {
		wchar_t wc;
		int cw;
		i += draw_next(s + i, n - i, &wc, &cw);
		total += cw;
	}
	return total;
}

static void
draw_cell(WINDOW *w, int y, int x, wchar_t wc, attr_t a)
{
	cchar_t cc;
	wchar_t str[2] = { wc, L'\0' };

	if (setcchar(&cc, str, a, PAIR_NUMBER(a), NULL) == OK)
		mvwadd_wch(w, y, x, &cc);
}

static int
draw_bytes(WINDOW *w, int y, int x, int maxw, const char *s, size_t n, attr_t a)
{
	size_t i = 0;
	int col = 0;

	while (i < n && col < maxw) {
		wchar_t wc;
		int cw;
		i += draw_next(s + i, n - i, &wc, &cw);
		if (cw == 0)
			continue;  /* combining marks are dropped rather than misplaced */
		if (col + cw > maxw)
			break;
		draw_cell(w, y, x + col, wc, a);
		col += cw;
	}
	return col;
}

int
draw_text(WINDOW *w, int y, int x, int maxw, const char *s, attr_t a)
{
	if (s == NULL || maxw <= 0)
		return 0;
	return draw_bytes(w, y, x, maxw, s, strlen(s), a);
}

int
draw_text_pad(WINDOW *w, int y, int x, int maxw, const char *s, attr_t a)
{
	int n = draw_text(w, y, x, maxw, s, a);

	for (int i = n; i < maxw; i++)
		draw_cell(w, y, x + i, L' ', a);
	return maxw > 0 ? maxw : 0;
}

int
draw_printf(WINDOW *w, int y, int x, int maxw, attr_t a, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return draw_text(w, y, x, maxw, buf, a);
}

int
draw_wtext(WINDOW *w, int y, int x, int maxw, const wchar_t *s, attr_t a)
{
	int col = 0;

	for (; s && *s && col < maxw; s++) {
		int cw = wcwidth(*s);
		if (cw <= 0)
			cw = 1;
		if (col + cw > maxw)
			break;
		draw_cell(w, y, x + col, *s, a);
		col += cw;
	}
	return col;
}

void
draw_fill(WINDOW *w, int y, int x, int n, const wchar_t *g, attr_t a)
{
	for (int i = 0; i < n; i++)
		draw_cell(w, y, x + i, g[0], a);
}

/* Whether the character at S (N bytes) may not begin a line: CJK closing
 * punctuation stays with the character before it (a lone 。 never wraps). */
static bool
draw_no_line_start(const char *s, size_t n)
{
	static const wchar_t closing[] = L"\x3002\xff0c\x3001\xff1b\xff1a\xff01\xff1f\x300d\x300f\xff09\x300b\x3009\x3011\x2026\xff0e";
	wchar_t wc;
	int cw;

	if (n == 0 || draw_next(s, n, &wc, &cw) == 0)
		return false;
	return wc != 0 && wcschr(closing, wc) != NULL;
}

size_t
draw_wrap(const char *s, int width, struct draw_line *lines, size_t max)
{
	size_t n = strlen(s), i = 0, count = 0;

	if (width < 2)
		width = 2;
	while (i < n) {
		size_t start = i, brk = 0, j = i;
		int col = 0, brk_col = 0;

		while (j < n && s[j] == ' ')
			j++;  /* a line never starts with spaces it inherited from the break */
		start = j;
		i = j;
		if (i >= n)
			break;
		while (i < n) {
			wchar_t wc;
			int cw;
			size_t k = draw_next(s + i, n - i, &wc, &cw);
			if (s[i] == '\n') {
				brk = i;
				brk_col = col;
				break;
			}
			if (col + cw > width)
				break;
			if (wc == L' ') {
				brk = i;           /* break before the space */
				brk_col = col;
			}
			col += cw;
			i += k;
			if (cw == 2 && !draw_no_line_start(s + i, n - i)) {
				brk = i;           /* a wide character may end a line, */
				brk_col = col;     /* unless closing punctuation follows it */
			}
		}
		if (i >= n) {
			brk = n;
			brk_col = col;
		} else if (s[i] == '\n') {
			/* brk set above */
		} else if (brk <= start) {
			brk = i;               /* no break opportunity: cut the word */
			brk_col = col;
		}
		if (count < max) {
			lines[count].off = start;
			lines[count].len = brk - start;
			lines[count].cols = brk_col;
		}
		count++;
		i = brk;
		if (i < n && s[i] == '\n')
			i++;
		if (i == start)
			i++;  /* never loop without progress */
	}
	return count;
}
