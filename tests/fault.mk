## Faults: diagnostics on long lines, killed and failing runs, traces cut
## short, and the fuzz targets' corpus replayed (tests/fuzz/).
check_PROGRAMS += tests/check_diag
TESTS += tests/check_diag
tests_check_diag_SOURCES = tests/check_diag.c tests/ks-check.c tests/ks-check.h
tests_check_diag_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_diag_LDADD = src/libks.a $(CHECK_LIBS) $(UV_LIBS) $(LIBINTL) $(LIBS)

TESTS += tests/fault.sh
EXTRA_DIST += tests/fault.sh
# The same matrix for the terminal UI, driven in tmux.
TESTS += tests/fault-tui.sh
EXTRA_DIST += tests/fault-tui.sh

# Fuzz targets (tests/fuzz/): each is linked with driver.c, which replays a
# corpus under any compiler (tests/fuzz.sh, in make check), and, with
# ./configure --enable-fuzzing, with libFuzzer (make fuzz).
fuzz_ldadd = src/libks.a $(UV_LIBS) $(LIBINTL) $(LIBS)
check_PROGRAMS += tests/fuzz/replay-scn tests/fuzz/replay-trace
tests_fuzz_replay_scn_SOURCES = tests/fuzz/driver.c tests/fuzz/fuzz-scn.c tests/fuzz/fuzz.h
tests_fuzz_replay_scn_LDADD = $(fuzz_ldadd)
tests_fuzz_replay_trace_SOURCES = tests/fuzz/driver.c tests/fuzz/fuzz-trace.c tests/fuzz/fuzz.h
tests_fuzz_replay_trace_LDADD = $(fuzz_ldadd)
TESTS += tests/fuzz.sh
EXTRA_DIST += tests/fuzz.sh tests/fuzz/corpus

# The seeds each target starts from: the tree's scenarios and test data, and
# tests/fuzz/corpus/ (small recorded traces, inputs that once crashed or hung).
fuzz_seeds_scn = $(srcdir)/tests/fuzz/corpus/scn $(srcdir)/scenarios \
	$(srcdir)/tests/data/valid $(srcdir)/tests/data/bad $(srcdir)/tests/data/eng \
	$(srcdir)/tests/data/fault
fuzz_seeds_trace = $(srcdir)/tests/fuzz/corpus/trace $(srcdir)/tests/data/traces \
	$(srcdir)/tests/data/traces/bad

# make fuzz [FUZZ_SECONDS=60]: each target for that long; new inputs go to
# fuzz-corpus/TARGET, crashes and hangs to fuzz-out/ (copy them into
# tests/fuzz/corpus/ once fixed).
FUZZ_SECONDS = 60
if ENABLE_FUZZING
noinst_PROGRAMS = tests/fuzz/fuzz-scn tests/fuzz/fuzz-trace
tests_fuzz_fuzz_scn_SOURCES = tests/fuzz/fuzz-scn.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_scn_CFLAGS = $(AM_CFLAGS)
tests_fuzz_fuzz_scn_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_scn_LDADD = $(fuzz_ldadd)
tests_fuzz_fuzz_trace_SOURCES = tests/fuzz/fuzz-trace.c tests/fuzz/fuzz.h
tests_fuzz_fuzz_trace_CFLAGS = $(AM_CFLAGS)
tests_fuzz_fuzz_trace_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_trace_LDADD = $(fuzz_ldadd)
fuzz: tests/fuzz/fuzz-scn tests/fuzz/fuzz-trace
	@mkdir -p fuzz-corpus/scn fuzz-corpus/trace fuzz-out && \
	status=0; \
	for t in scn trace; do \
		if test $$t = scn; then seeds="$(fuzz_seeds_scn)"; else seeds="$(fuzz_seeds_trace)"; fi; \
		echo "fuzz-$$t: $(FUZZ_SECONDS) s"; \
		./tests/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		    -max_len=65536 -print_final_stats=1 -artifact_prefix=fuzz-out/$$t- \
		    fuzz-corpus/$$t $$seeds >fuzz-out/$$t.log 2>&1; \
		rc=$$?; tail -12 fuzz-out/$$t.log; \
		if test $$rc -eq 0; then echo "fuzz-$$t: PASS"; \
		else echo "fuzz-$$t: FAIL (exit $$rc; fuzz-out/$$t.log, fuzz-out/$$t-*)"; status=1; fi; \
	done; exit $$status
else
fuzz:
	@echo "make fuzz: configure with --enable-fuzzing (CC=clang with libFuzzer) first" >&2; exit 1
endif
clean-local: clean-fuzz
clean-fuzz:
	rm -rf fuzz-corpus fuzz-out
.PHONY: fuzz clean-fuzz
