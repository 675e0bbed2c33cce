/* draw.h: width-aware text drawing (UTF-8 in, cells out; a CJK character is two columns).
 *
 * draw.c calls: curses only.  Called by: the drawers (view-*.c), picker.c.
 */
#ifndef KS_DRAW_H
#define KS_DRAW_H

#include <curses.h>
#include <stddef.h>
#include <wchar.h>

/* One wrapped line: bytes [off, off + len) of the text, COLS columns wide. */
struct draw_line {
	size_t off, len;
	int cols;
};

/* Columns the UTF-8 text S takes (unprintable characters count as one '?'). */
int draw_width(const char *s);
/* Draws S at (Y, X), at most MAXW columns, never half a wide character; returns columns drawn. */
int draw_text(WINDOW *w, int y, int x, int maxw, const char *s, attr_t a);
/* The same, padded with spaces to exactly MAXW columns. */
int draw_text_pad(WINDOW *w, int y, int x, int maxw, const char *s, attr_t a);
/* printf-style text, then draw_text. */
int draw_printf(WINDOW *w, int y, int x, int maxw, attr_t a, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Draws the wide string S (glyphs); returns columns drawn. */
int draw_wtext(WINDOW *w, int y, int x, int maxw, const wchar_t *s, attr_t a);
/* Fills N cells from X with glyph G. */
void draw_fill(WINDOW *w, int y, int x, int n, const wchar_t *g, attr_t a);
/* Breaks S into lines of at most WIDTH columns (at spaces, or between wide characters);
 * returns the number of lines, filling at most MAX of them. */
size_t draw_wrap(const char *s, int width, struct draw_line *lines, size_t max);

#endif
