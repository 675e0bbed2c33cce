#!/bin/sh
# verdict.sh: one verdict, judged once.  Every variant of every shipped
# scenario, run headless in step mode (a seed: no scripted wait costs time)
# (the server and the chat room, crowds of arrivals: live, --speed 10) and recorded, then replayed from its trace, gives the same verdict line and
# the same exit status; a run stopped by a signal replays as stopped; a
# thread waiting on a queue nobody pushes is "stalled" in the run and in
# its replay (issue 21, item 4).
. "$KS_SRCDIR/tests/tap.sh"

dir=$KS_SRCDIR/scenarios
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# variants NAME: the variants `list` shows for scenario NAME, one a line.
variants() {
	KITCHENSYNC_PATH=$dir "$KITCHENSYNC" list </dev/null |
	    awk -v n="$1" '$1 == n { getline; sub(/.*: /, ""); gsub(/, /, "\n"); print; exit }'
}

for f in "$dir"/*.ks; do
	name=$(basename "$f" .ks)
	for v in $(variants "$name"); do
		# step mode costs no scripted time, but granting 400 arrivals one by
		# one is slow: the server and the chat room run live, ten times faster
		mode="--seed 7"
		case $name in server | chat) mode="--speed 10" ;; esac
		ks run --headless $mode --variant "$v" --record "$tmp/t.kst" "$f"
		run_rc=$rc
		run_line=$(echo "$out" | grep '^Verdict: ')
		ks replay --headless "$tmp/t.kst"
		check "$name $v: a verdict line ($run_line)" test -n "$run_line"
		check "$name $v: replay gives the run's verdict" test "$(echo "$out" | grep '^Verdict: ')" = "$run_line"
		check "$name $v: replay exits as the run did ($run_rc)" test "$rc" -eq "$run_rc"
	done
done

# item 4: a thread popping a queue nobody pushes stalls; the replay says so too
# (forty others, so that a stall declared before they are launched is caught)
{
	printf 'scenario stall\ntitle "Nobody pushes"\nqueue q\nthread "Waiter" { pop q into x }\n'
	for i in $(seq 1 40); do printf 'thread "Busy %d" { work 1ms }\n' "$i"; done
} >"$tmp/stall.ks"
for i in 1 2 3 4 5; do
	ks run --headless --record "$tmp/stall.kst" "$tmp/stall.ks"
	check "stall run $i: stalled, exit 1" test "$rc" -eq 1
	check "stall run $i: the verdict says stalled" contains "$out" "Verdict: stalled"
	check "stall run $i: every busy thread started" test -z "$(echo "$out" | grep 'never started')"
	ks replay --headless "$tmp/stall.kst"
	check "stall replay $i: stalled, exit 1" test "$rc" -eq 1
	check "stall replay $i: the verdict says stalled" contains "$out" "Verdict: stalled"
done
# item 5: one rule.  A deadlock the variant does not expect fails the run;
# lost updates with no expectation are reported, exit 0; run and replay agree.
cat >"$tmp/dl.ks" <<'KS'
scenario dl
title "Opposite order, nothing expected"
mutex a
mutex b
thread "A" { lock a; lock b; unlock b; unlock a }
thread "B" { lock b; lock a; unlock a; unlock b }
schedule A, B, A, B
KS
ks run --headless --record "$tmp/dl.kst" "$tmp/dl.ks"
check "a deadlock nobody expects: exit 1" test "$rc" -eq 1
check "... the verdict says so" contains "$out" "Verdict: deadlocked; the variant does not expect this"
ks replay --headless "$tmp/dl.kst"
check "... and so does its replay" test "$rc" -eq 1
check "... in the same words" contains "$out" "Verdict: deadlocked; the variant does not expect this"
cat >"$tmp/lost.ks" <<'KS'
scenario lost
title "Two cooks, nothing expected"
var n = 0
thread "A" { n += 1 }
thread "B" { n += 1 }
schedule A, B, A, B
KS
ks run --headless --record "$tmp/lost.kst" "$tmp/lost.ks"
check "lost updates, nothing expected: exit 0" test "$rc" -eq 0
check "... reported in the verdict" contains "$out" "Verdict: finished, 1 update lost; nothing to check"
ks replay --headless "$tmp/lost.kst"
check "... and in its replay's" contains "$out" "Verdict: finished, 1 update lost; nothing to check"
check "... exit 0 there too" test "$rc" -eq 0

# an assert failing while its thread holds a mutex the other waits for: one
# headline under a schedule and under any seed (the failure, not a stall)
cat >"$tmp/held.ks" <<'KS'
scenario held
title "An assert under a lock"
mutex m
var x = 0
thread "A" { lock m; x = 1; assert x == 0 "x stays 0"; unlock m }
thread "B" { lock m; x = 2; unlock m }
KS
for s in "--schedule A,B,A,A,A" "--seed 1" "--seed 2" "--seed 3"; do
	ks run --headless $s "$tmp/held.ks"
	check "held $s: the assert names the end" contains "$out" "Verdict: failed: an assert did not hold; the variant does not expect this"
done
ks run --headless --repeat 5 --seed 1 "$tmp/held.ks"
check "held --repeat: the same words" contains "$out" "failed: an assert did not hold"
# an invariant: checked after each store; broken, the run stops there, and
# its replay says where
cat >"$tmp/inv.ks" <<'KS'
scenario inv
title "The last portion"
var portions = 1
thread "A" { if portions > 0 { portions = portions - 1 } }
thread "B" { if portions > 0 { portions = portions - 1 } }
always portions >= 0
KS
ks run --headless --schedule A,B,A,B --record "$tmp/inv.kst" "$tmp/inv.ks"
check "an invariant broken: exit 1" test "$rc" -eq 1
check "... the verdict names it" contains "$out" "Verdict: failed: an invariant was broken; 1 expectation not met"
check "... and who broke it where" contains "$out" "B, line 5: its store broke the invariant at line 6"
ks replay --headless "$tmp/inv.kst"
check "... its replay: exit 1" test "$rc" -eq 1
check "... the same verdict" contains "$out" "Verdict: failed: an invariant was broken; 1 expectation not met"
check "... and who broke it" contains "$out" "invariant at line 6 broken by B"
ks run --headless --schedule A,A,B,B "$tmp/inv.ks"
check "an invariant kept: exit 0" test "$rc" -eq 0
check "... met" contains "$out" "met    always portions >= 0"
done_testing
