## Check suites: each tests/check_*.c is one program with its own suite(s);
## tests/ks-check.c runs them and reports in TAP.
check_PROGRAMS += tests/check_cli
TESTS += tests/check_cli
tests_check_cli_SOURCES = tests/check_cli.c tests/ks-check.c tests/ks-check.h
tests_check_cli_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_cli_LDADD = src/libks.a $(CHECK_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)

TESTS += tests/cli.sh tests/run.sh tests/verdict.sh
EXTRA_DIST += tests/cli.sh tests/run.sh tests/verdict.sh tests/tap.sh
# sweep.sh: live runs of the server at two rates (a few seconds).
TESTS += tests/sweep.sh
EXTRA_DIST += tests/sweep.sh

# explore from the command line: the memory bound, --outcomes, printed commands.
TESTS += tests/explore.sh
EXTRA_DIST += tests/explore.sh

# The commands README.md and kitchensync-tutorial(7) give, run as typed.
TESTS += tests/docs.sh
EXTRA_DIST += tests/docs.sh tests/tutorial.sh
# docs.sh times live runs: after the heavy suites, as scenarios.sh.
tests/docs.log: tests/scenarios.log

# The learner's progress file (src/progress.c).
check_PROGRAMS += tests/check_progress
TESTS += tests/check_progress
tests_check_progress_SOURCES = tests/check_progress.c tests/ks-check.c tests/ks-check.h
tests_check_progress_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_progress_LDADD = src/libks.a $(CHECK_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)
