## The terminal UI: every ncurses call lives here, in a convenience library
## linked into the program (src/main.c calls tui_main() through tui/tui.h,
## which is curses-free) and into the TUI's tests and benchmark.
noinst_LIBRARIES += tui/libkstui.a
tui_libkstui_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tui
tui_libkstui_a_CFLAGS = $(AM_CFLAGS) $(NCURSESW_CFLAGS)
tui_libkstui_a_SOURCES = \
	tui/tui.h \
	tui/action.c tui/action.h \
	tui/action-view.c tui/action-view.h \
	tui/app.c tui/app.h \
	tui/catalog.c tui/catalog.h \
	tui/crt.c tui/crt.h \
	tui/draw.c tui/draw.h \
	tui/keys.c tui/keys.h \
	tui/learn.c tui/learn.h \
	tui/picker.c tui/picker.h \
	tui/run.c tui/run.h \
	tui/snap.c tui/snap.h \
	tui/state.c tui/state.h \
	tui/theme.c tui/theme.h \
	tui/view.c tui/view.h \
	tui/view-bar.c \
	tui/view-compare.c \
	tui/view-draw.c tui/view-draw.h \
	tui/view-help.c \
	tui/view-learn.c \
	tui/view-model.c tui/view-model.h \
	tui/view-panes.c \
	tui/view-text.c tui/view-text.h \
	tui/view-timeline.c

# The TUI's library goes first: it needs the core after it.
src_kitchensync_LDADD += tui/libkstui.a src/libks.a $(NCURSESW_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)
