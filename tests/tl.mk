## Tests of the timeline model, headless timelines, traces and exports.
check_PROGRAMS += tests/check_tl
TESTS += tests/check_tl
tests_check_tl_SOURCES = tests/check_tl.c tests/ks-check.c tests/ks-check.h
tests_check_tl_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_tl_LDADD = src/libks.a $(CHECK_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)

# Benchmark: the timeline query and memory per stored event.
bench_programs += tests/bench_tl
tests_bench_tl_SOURCES = tests/bench_tl.c
tests_bench_tl_LDADD = src/libks.a $(UV_LIBS) $(LIBINTL) $(LIBS)

TESTS += tests/tl.sh
EXTRA_DIST += tests/tl.sh
