#!/bin/sh
# tl.sh: `kitchensync replay` and `kitchensync export` on saved traces, good and corrupted.
. "$KS_SRCDIR/tests/tap.sh"

good="$KS_TESTDATA/traces/kitchen.kst"
golden="$KS_TESTDATA/tl/kitchen-60.txt"

ks replay --width 60 --color never "$good"
check "replay of a good trace exits 0" test "$rc" -eq 0
n=$(wc -l < "$golden")
check "replay prints the golden timeline" test "$(printf '%s\n' "$out" | head -n "$n")" = "$(cat "$golden")"
check "replay prints the outcome" contains "$out" "outcome: finished after 16ms"
check "replay names the final values" contains "$out" "final value: orders = 2"
check "a run without families has no metric rows nor crowd states" \
	test "$(printf '%s\n' "$out" | grep -c -e 'metric rows' -e 'timed out' -e 'in flight')" -eq 0

ks replay --width 60 --ascii "$good"
check "--ascii draws with ASCII glyphs" contains "$out" "A thread Cook A  ####"
check "output to a pipe is not coloured" test "$(printf '%s' "$out" | tr -d -c '\033' | wc -c)" -eq 0
ks replay --width 60 --color always "$good"
check "--color always colours" contains "$out" "[0;32m"
NO_COLOR=1 ks replay --width 60 --color auto "$good"
check "NO_COLOR is respected" test "$(printf '%s' "$out" | tr -d -c '\033' | wc -c)" -eq 0

ks replay --width 5 "$good"
check "--width out of range exits 2" test "$rc" -eq 2
ks replay --color sometimes "$good"
check "a bad --color exits 2" test "$rc" -eq 2
check "a bad --color is explained" contains "$err" "auto, always or never"

for f in "$KS_TESTDATA"/traces/bad/*.kst; do
	ks replay "$f"
	check "replay $(basename "$f") exits 2" test "$rc" -eq 2
	check "replay $(basename "$f") says where" contains "$err" "$f: error: at byte"
done
ks replay /nonexistent/trace.kst
check "a missing trace exits 2" test "$rc" -eq 2
ks replay --width 80 "$KS_TESTDATA/traces/unfinished.kst"
check "an unfinished recording replays" test "$rc" -ne 2
check "with a warning that says where" contains "$err" "unfinished.kst: warning: at byte 16: the recording did not finish"
check "up to its last whole event" contains "$out" "Clerk"

# A loop's pool thread (the noodles offloaded, recorded at full speed) has a row of its own.
noodle="$KS_TESTDATA/traces/noodle-offloaded.kst"
ks replay --width 100 --color never "$noodle"
check "replay of a trace with a pool thread exits 0" test "$rc" -eq 0
check "the pool thread has a row after the loop's tasks, asleep" \
	test "$(printf '%s\n' "$out" | grep -A1 '^D   task Phone' | tail -n 1 | cut -c1-40)" = \
	"E   thread pool 1 zzzzzzzzzzzzzzzzzzzzzz"
check "the outcome says what the pool thread ran" contains "$out" "E thread pool 1: ran 1 offloaded call, for Noodles"

tmp=$(mktemp -d) || exit 99
ks export --chrome "$tmp/noodle.json" "$noodle"
check "export of a trace with a pool thread exits 0" test "$rc" -eq 0
json=$(cat "$tmp/noodle.json")
check "export gives the pool thread a track" contains "$json" '"tid":5,"args":{"name":"pool 1"}'
check "whose sleep is for Noodles" contains "$json" '"args":{"for":"Noodles"}'
ks export --chrome "$tmp/out.json" "$good"
check "export exits 0" test "$rc" -eq 0
json=$(cat "$tmp/out.json")
check "export writes trace events" contains "$json" '"traceEvents":['
check "export names the threads" contains "$json" '"args":{"name":"廚師乙"}'
ks export "$good"
check "export without --chrome exits 2" test "$rc" -eq 2
ks export --chrome "$tmp/bad.json" "$KS_TESTDATA/traces/bad/bitflip.kst"
check "export of a corrupted trace exits 2" test "$rc" -eq 2
check "export of a corrupted trace writes nothing" test ! -e "$tmp/bad.json"
ks export --chrome /nonexistent/dir/out.json "$good"
check "export to an unwritable place exits 1" test "$rc" -eq 1
rm -rf "$tmp"
done_testing
