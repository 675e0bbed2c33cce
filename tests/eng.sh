#!/bin/sh
# eng.sh: `kitchensync run` on the real binary: outcome, exit status, events,
# schedules, repeats, pinning, processes.
. "$KS_SRCDIR/tests/tap.sh"
D="$KS_TESTDATA/eng"

ks run --variant locked "$D/counter.ks"
check "locked counter exits 0" test "$rc" -eq 0
check "locked counter reports the final value" contains "$out" "Final values: x = 2"
check "locked counter reports the expectation met" contains "$out" "met    expect x == 2"
check "outcome reports drops" contains "$out" "Events dropped: 0"

ks run --headless --variant unsafe "$D/counter.ks"
check "unsafe schedule exits 1" test "$rc" -eq 1
check "unsafe schedule loses an update" contains "$out" "Final values: x = 1"
check "unsafe schedule names the expectation" contains "$out" "NOT MET expect x == 2   (x = 1)"
check "unsafe schedule counts the lost update" contains "$out" "Lost updates: 1"

ks run --headless --variant unsafe --schedule A,A,B,B "$D/counter.ks"
check "--schedule overrides the variant's" test "$rc" -eq 0

ks run --headless --variant unsafe --schedule 1,2,1,2 --events "$D/counter.ks"
check "--events: one line per event" contains "$out" "lost-update"
check "--events: then the outcome" contains "$out" "Run of counter (variant unsafe): finished"

ks run --variant unsafe --schedule A,Nobody "$D/counter.ks"
check "unknown worker in --schedule exits 2" test "$rc" -eq 2
check "unknown worker in --schedule is named" contains "$err" "Nobody"

ks run --variant expected "$D/forks.ks"
check "expected deadlock exits 0" test "$rc" -eq 0
check "deadlock cycle printed" contains "$out" "P1 waits for right, held by P2"
ks run --variant unexpected "$D/forks.ks"
check "unexpected deadlock exits 1" test "$rc" -eq 1
check "unexpected deadlock is reported" contains "$out" "deadlocked"

ks run --variant locked --repeat 3 --seed 7 "$D/counter.ks"
check "--repeat exits 0 when every run held" test "$rc" -eq 0
check "--repeat prints the outcome kind" contains "$out" "3  finished    "
check "--repeat prints the final values under it" contains "$out" "
               3  x = 2"
check "--repeat counts runs" contains "$out" "Every expectation held in 3 of 3 runs"
# Outcomes apart by kind first: a failed assert and a shared critical region
# are groups of their own, whatever the final values; the long tail folded.
ks run --repeat 200 --seed 3 "$D/mixed.ks"
check "--repeat with failures exits 1" test "$rc" -eq 1
check "--repeat: the runs that finished clean" contains "$out" "
     111  finished    "
check "--repeat: the runs whose assert failed" contains "$out" "
      45  failed: an assert did not hold    "
check "--repeat: the runs that shared a critical region" contains "$out" "
      44  failed: a critical region was shared    "
check "--repeat: at most five values a kind, the rest folded" contains "$out" "
               8  and 2 other sets of final values
      45  failed: an assert did not hold"
check "--repeat: nine lines of values at most" test "$(echo "$out" | grep -c '^          ')" -le 18
check "--repeat: no expectation line without expectations" \
	test -z "$(echo "$out" | grep -F 'Every expectation held')"

ks run --variant locked --cpus 1 "$D/counter.ks"
check "--cpus 1 runs" test "$rc" -eq 0
ks run --variant locked --cpus 0 "$D/counter.ks"
check "--cpus 0 is refused" test "$rc" -eq 2

ks run "$KS_TESTDATA/valid/whiteboard.ks"
check "processes: each sees its own var" contains "$out" "as process Company A saw them: board = 42"
check "processes: the main copy is untouched" contains "$out" "Final values: board = 0, mailbox = 1"

ks run "$KS_TESTDATA/bad/unknown_name.ks"
check "a bad scenario exits 2" test "$rc" -eq 2
check "a bad scenario gets a located error" contains "$err" "unknown_name.ks:3:3: error:"
ks run --variant nope "$D/counter.ks"
check "an unknown variant exits 2" test "$rc" -eq 2

# Step mode, a loop whose tasks call a pool with a bound: the calls give up on
# the scenario clock, and pending calls hold up no grant (it hung until stopped).
rc=0
out=$(timeout 120 "$KITCHENSYNC" run --headless --seed 1 --variant pool "$KS_SRCDIR/scenarios/server.ks" </dev/null 2>&1) || rc=$?
check "server/pool in step mode ends, every expectation met" test "$rc" -eq 0
check "... every request served, some after their client gave up" contains "$out" "served = 400"

# option stack SIZE touched: each thread writes its stack's pages, so 64
# threads alive at once (step mode starts them all before any moves) hold
# about 64 MiB more than untouched ones; measured from the process's memory.
mib() { printf '%s\n' "$1" | sed -n 's/.*at most \([0-9]*\)\.[0-9] MiB of memory added.*/\1/p'; }
ks run --headless --seed 1 --variant untouched "$D/stack.ks"
check "untouched stacks: the run ends, expectations met" test "$rc" -eq 0
plain=$(mib "$out")
ks run --headless --seed 1 --variant touched "$D/stack.ks"
check "touched stacks: the run ends, expectations met" test "$rc" -eq 0
touched=$(mib "$out")
check "touched stacks: 64 threads hold at least 48 MiB more (untouched ${plain:-?}, touched ${touched:-?} MiB)" \
    test "${touched:-0}" -ge $(( ${plain:-999} + 48 ))
ks show --variant touched "$D/stack.ks"
check "show prints touched" contains "$out" "option stack 1MiB touched"

done_testing
