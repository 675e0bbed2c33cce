## The recorder's Check suite and its benchmark (make bench only).
check_PROGRAMS += tests/check_rec
TESTS += tests/check_rec
tests_check_rec_SOURCES = tests/check_rec.c tests/ks-check.c tests/ks-check.h
tests_check_rec_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_rec_LDADD = src/libks.a $(CHECK_LIBS) $(LIBINTL) $(LIBS)

bench_programs += tests/bench_rec
tests_bench_rec_SOURCES = tests/bench_rec.c
tests_bench_rec_LDADD = src/libks.a $(LIBINTL) $(LIBS)
