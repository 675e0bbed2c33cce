## The engine's tests: the Check suite (step mode, fixed schedules) and the
## shell test of `kitchensync run`; the engine benchmark for `make bench`.
check_PROGRAMS += tests/check_eng
TESTS += tests/check_eng
tests_check_eng_SOURCES = tests/check_eng.c tests/ktr.c tests/ktr.h tests/ks-check.c tests/ks-check.h
tests_check_eng_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_eng_LDADD = src/libks.a $(CHECK_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)

TESTS += tests/eng.sh tests/layers.sh tests/crowd.sh
EXTRA_DIST += tests/eng.sh tests/layers.sh tests/crowd.sh

bench_programs += tests/bench_eng
tests_bench_eng_SOURCES = tests/bench_eng.c
tests_bench_eng_LDADD = src/libks.a $(UV_LIBS) $(LIBINTL) $(LIBS)

check_PROGRAMS += tests/check_crowd
TESTS += tests/check_crowd
tests_check_crowd_SOURCES = tests/check_crowd.c tests/ktr.c tests/ktr.h tests/ks-check.c tests/ks-check.h
tests_check_crowd_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_crowd_LDADD = src/libks.a $(CHECK_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)

check_PROGRAMS += tests/check_explore
TESTS += tests/check_explore
tests_check_explore_SOURCES = tests/check_explore.c tests/ktr.c tests/ktr.h tests/ks-check.c tests/ks-check.h
tests_check_explore_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_explore_LDADD = src/libks.a $(CHECK_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS) -lm

bench_programs += tests/bench_explore
tests_bench_explore_SOURCES = tests/bench_explore.c
tests_bench_explore_LDADD = src/libks.a $(UV_LIBS) $(LIBINTL) $(LIBS) -lm
