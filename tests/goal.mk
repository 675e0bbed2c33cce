## Tests of goal detection: hand-made events and real step-mode runs.
check_PROGRAMS += tests/check_goal
TESTS += tests/check_goal tests/ask.sh
EXTRA_DIST += tests/ask.sh
tests_check_goal_SOURCES = tests/check_goal.c tests/ktr.c tests/ktr.h tests/ks-check.c tests/ks-check.h
tests_check_goal_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_goal_LDADD = src/libks.a $(CHECK_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)
