## The terminal UI's tests: Check suites drawing into an off-screen screen,
## and end-to-end tests driving the real binary in tmux.
check_PROGRAMS += tests/check_tui
TESTS += tests/check_tui
tests_check_tui_SOURCES = tests/check_tui.c tests/ks-check.c tests/ks-check.h
tests_check_tui_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tui
tests_check_tui_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(NCURSESW_CFLAGS)
tests_check_tui_LDADD = tui/libkstui.a src/libks.a $(CHECK_LIBS) $(NCURSESW_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)

TESTS += tests/tui.sh tests/tui-verdict.sh
EXTRA_DIST += tests/tui.sh tests/tui-verdict.sh tests/tmux.sh

# Benchmark: frame time of the scenario view (make bench).
bench_programs += tests/bench_tui
tests_bench_tui_SOURCES = tests/bench_tui.c
tests_bench_tui_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tui
tests_bench_tui_CFLAGS = $(AM_CFLAGS) $(NCURSESW_CFLAGS)
tests_bench_tui_LDADD = tui/libkstui.a src/libks.a $(NCURSESW_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)

TESTS += tests/tui-keys.sh
EXTRA_DIST += tests/tui-keys.sh

# Challenges, questions and the learner's progress, end to end in tmux.
TESTS += tests/tui-learn.sh

# Step mode draws steps: the step axis, in tmux at 80x24 and headless.
TESTS += tests/tui-steps.sh
EXTRA_DIST += tests/tui-steps.sh

# A small screen keeps what the lessons talk about; the figures agree (issue 24).
TESTS += tests/tui-small.sh
EXTRA_DIST += tests/tui-small.sh
EXTRA_DIST += tests/tui-learn.sh

# Every shipped scenario and variant in the UI: a fixed walk, then seeded
# random keys and resizes (KS_FUZZ_SEED, KS_FUZZ_KEYS, KS_FUZZ_ROUNDS).
TESTS += tests/tui-every.sh
EXTRA_DIST += tests/tui-every.sh

# Every lesson of the tutorial walked on screen, from the table tests/data/walks.
TESTS += tests/walks.sh
EXTRA_DIST += tests/walks.sh
