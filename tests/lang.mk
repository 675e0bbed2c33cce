## The scenario language's tests: the Check suite and the shell test that
## runs `kitchensync check` over the test corpus and scenarios/.
check_PROGRAMS += tests/check_lang
TESTS += tests/check_lang
tests_check_lang_SOURCES = tests/check_lang.c tests/ks-check.c tests/ks-check.h
tests_check_lang_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_lang_LDADD = src/libks.a $(CHECK_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)

TESTS += tests/lang.sh
EXTRA_DIST += tests/lang.sh

dist_man_MANS += man/kitchensync-scenario.5
