## Faults: diagnostics on long lines, killed and failing runs, traces cut
## short, and the fuzz targets' corpus replayed (tests/fuzz/).
check_PROGRAMS += tests/check_diag
TESTS += tests/check_diag
tests_check_diag_SOURCES = tests/check_diag.c tests/ks-check.c tests/ks-check.h
tests_check_diag_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_diag_LDADD = src/libks.a $(CHECK_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)

TESTS += tests/fault.sh
EXTRA_DIST += tests/fault.sh
