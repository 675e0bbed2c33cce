#!/bin/sh
# fuzz.sh: replays the fuzz targets' seed corpus (the tree's scenarios and
# test data, tests/fuzz/corpus/) through each target, with the plain driver
# (any compiler; with --enable-sanitizers under ASan and UBSan too).
# Every input must run to its end: no crash, no sanitizer report.
. "$KS_SRCDIR/tests/tap.sh"

s=$KS_SRCDIR
b=$(dirname "$KITCHENSYNC")/../tests/fuzz
runs() {
	log=$("$@" 2>&1)
	r=$?
	echo "$log" | tail -3 | sed 's/^/# /'
	return $r
}
check "the scenario front end takes every seed" runs "$b/replay-scn" \
    "$s/tests/fuzz/corpus/scn" "$s/scenarios" "$s/tests/data/valid" "$s/tests/data/bad" \
    "$s/tests/data/eng" "$s/tests/data/fault"
check "the trace reader takes every seed" runs "$b/replay-trace" \
    "$s/tests/fuzz/corpus/trace" "$s/tests/data/traces" "$s/tests/data/traces/bad"
done_testing
