#!/bin/sh
# run.sh: `kitchensync run --headless` prints the timeline, then the outcome;
# --record saves a trace that replays to the same timeline.
. "$KS_SRCDIR/tests/tap.sh"

race="$KS_TESTDATA/valid/race.ks"   # a default schedule: step mode, deterministic
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

ks run --headless --width 80 --ascii --color never --record "$tmp/race.kst" "$race"
check "the race's expectation fails: exit 1" test "$rc" -eq 1
check "the timeline's header comes first" contains "$(echo "$out" | head -1)" "scenario race, variant unsafe"
check "a row per worker" contains "$out" "A thread Cook A"
check "the ASCII legend" contains "$out" "legend:  # running"
check "then the outcome" contains "$out" "Lost updates: 5"
check "every line fits --width 80" test "$(echo "$out" | awk 'length > 80' | wc -l)" -eq 0
check "the trace was written" test -s "$tmp/race.kst"
timeline=$(echo "$out" | sed -n '1,/^legend:/p')

ks replay --width 80 --ascii --color never "$tmp/race.kst"
check "the trace replays: exit 1 as the run did" test "$rc" -eq 1
check "replay draws the same timeline" test "$(echo "$out" | sed -n '1,/^legend:/p')" = "$timeline"

ks export --chrome "$tmp/race.json" "$tmp/race.kst"
check "the trace exports to Chrome JSON" test "$rc" -eq 0
check "the JSON names the worker" contains "$(cat "$tmp/race.json")" '"Cook A"'

ks run --headless --events --width 80 "$race"
check "--events lists events before the timeline" contains "$(echo "$out" | head -1)" "run-begin"

ks run --headless --record "$tmp/no/such/dir/x.kst" "$race"
check "an unwritable trace fails with exit 1" test "$rc" -eq 1
check "and says where" contains "$err" "no/such/dir/x.kst"
check "no partial trace is left" test ! -e "$tmp/no/such/dir/x.kst"

# A trace is completed in place at the end (its header's count and checksum):
# what cannot take that is refused before the run, as bad usage.
cd "$tmp" || exit 99
ks run --headless --record "" "$race"
cd - >/dev/null || exit 99
check "--record '' is bad usage" test "$rc" -eq 2
check "... said so" test "$err" = "kitchensync: --record needs a file name"
check "... before the run (no report)" test -z "$out"
check "... and leaves no file" test -z "$(ls -A "$tmp" | grep partial)"
if mkfifo "$tmp/fifo" 2>/dev/null; then
	ks run --headless --record "$tmp/fifo" "$race"
	check "--record to a pipe is bad usage" test "$rc" -eq 2
	check "... said so" contains "$err" "fifo: error: a trace cannot be recorded to a pipe or a terminal"
	check "... before the run (no report)" test -z "$out"
	rm -f "$tmp/fifo"
fi
# Two workers spinning on one CPU: each one's work ends late by the other's
# share, whatever the machine's speed; the time not met says why.
ks run --headless --cpus 1 "$KS_TESTDATA/busy/one-cpu.ks"
check "one CPU for two spinners: the time is not met" contains "$out" "NOT MET expect elapsed < 150ms"
check "... and the report says the CPUs were busy, beside it" \
	sh -c 'printf "%s\n" "$1" | grep -A1 "NOT MET expect elapsed" | grep -q "the CPUs were busy: durations ended up to"' - "$out"
ks run --repeat 2 --record "$tmp/two.kst" "$race"
check "--record with --repeat is bad usage" test "$rc" -eq 2
check "no trace from a refused run" test ! -e "$tmp/two.kst"
ks run --cpus 0 "$race"
check "--cpus 0 is bad usage" test "$rc" -eq 2
check "--cpus 0 is reported once, with the range" test "$err" = "kitchensync: --cpus needs a whole number from 1 to 1024, not '0'"
# The report's steps are the steps show lists, not its bookkeeping: each cook
# of the test race does five loads, five stores and five works.
ks run --headless "$race"
check "each cook's steps, bookkeeping not counted" \
	test "$(echo "$out" | grep -c '^      15 steps;')" -eq 2

# true and false are 1 and 0 in a declaration too; an expectation's line in
# the report leaves its comment out.
cat >"$tmp/flag.ks" <<'KS'
scenario flag
title "A flag"
var flag = false
var up = true
thread "A" { flag = up }
expect flag == 1   # the flag is raised
KS
ks check "$tmp/flag.ks"
check "var flag = false checks clean" test "$rc" -eq 0 -a -z "$err"
ks run --headless "$tmp/flag.ks"
check "false is 0, true is 1" test "$rc" -eq 0
check "the final values" contains "$out" "Final values: flag = 1, up = 1"
check "the expectation without its comment" \
	contains "$out" "  met    expect flag == 1   (flag = 1)"
check "the comment is not repeated" test -z "$(echo "$out" | grep -F 'the flag is raised')"

# --schedule on the command line takes repeats as a schedule line does.
ks run --headless --events --schedule 'Cook A*5,2*5' "$race"
check "--schedule 'Cook A*5,2*5' is accepted" test "$rc" -ne 2
check "five steps of Cook A, then five of Cook B" test "$(echo "$out" | \
	awk '$3 == "op" || $4 == "op" { print $2, $3 }' | head -n 10 | tr '\n' '|')" = \
	"Cook A|Cook A|Cook A|Cook A|Cook A|Cook B|Cook B|Cook B|Cook B|Cook B|"
# --repeat without --seed on a variant with a schedule runs live, and says so.
ks run --headless --repeat 2 --speed 1000 "$race"
check "--repeat says the variant's schedule is not used" contains "$out" "the variant's schedule gives the same run every time"
ks run --headless --repeat 2 --seed 1 "$race"
check "... not when seeded" test -z "$(echo "$out" | grep -F "variant's schedule")"
# A loop's pool thread is named and says what it ran (kitchensync-tutorial(7) 1.4).
ks run --headless --variant offloaded "$KS_SRCDIR/scenarios/noodle.ks"
# live: a busy machine can make the drink's second of work late (the report says so)
if [ "$rc" -ne 0 ] && echo "$out" | grep -qF "the CPUs were busy"; then
	skip "the offloaded noodles: exit 0" "the CPUs were busy with other work"
else
	check "the offloaded noodles: exit 0" test "$rc" -eq 0
fi
check "the pool thread is listed with the call it ran" \
	contains "$out" "  pool 1        pool thread ran 1 offloaded call, for Noodles"
done_testing
