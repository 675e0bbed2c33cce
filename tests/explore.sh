#!/bin/sh
# explore.sh: `kitchensync explore` from the command line: the memory
# bound, every outcome on request, printed commands that run as printed,
# and verdict lines that do not contradict each other.
. "$KS_SRCDIR/tests/tap.sh"

not_contains() { case $1 in *"$2"*) printf '# did not expect: %s\n# in: %s\n' "$2" "$1"; return 1;; esac; }

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# 64 workers round 64 locks: a state takes tens of KiB.  Under a 3 GB
# address-space limit the search stops at its memory bound, with exit 1,
# not at the allocator ("out of memory allocating").  (Skipped under
# AddressSanitizer, whose shadow memory needs more address space.)
{
	echo 'title "A ring of 64"'
	i=0
	while [ $i -lt 64 ]; do echo "mutex m$i"; i=$((i + 1)); done
	echo 'variant all "All" {'
	i=0
	while [ $i -lt 64 ]; do
		j=$(( (i + 1) % 64 ))
		echo "  thread \"W$i\" { lock m$i; lock m$j; unlock m$j; unlock m$i }"
		i=$((i + 1))
	done
	echo '}'
} >"$tmp/ring.ks"
if grep -q __asan_init "$KITCHENSYNC" 2>/dev/null; then
	echo "ok 1 # SKIP the memory bound under ulimit -v: AddressSanitizer build"
	ks_n=1
else
	rc=0
	(ulimit -v 3000000 && exec "$KITCHENSYNC" explore "$tmp/ring.ks") >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
	out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
	check "memory bound: exit 1" test "$rc" -eq 1
	check "memory bound: said so" contains "$out" "cut short by the memory bound"
	check "memory bound: says what to raise" contains "$out" "raise --max-memory"
	check "memory bound: the allocator never refused" not_contains "$err" "out of memory"
fi
ks explore --max-memory 64M "$tmp/ring.ks"
check "--max-memory 64M: exit 1" test "$rc" -eq 1
check "--max-memory 64M: the bound is named" contains "$out" "cut short by the memory bound (64 MiB"
ks explore --max-memory 12 race
check "--max-memory below 1M: exit 2" test "$rc" -eq 2
check "--max-memory below 1M: says why" contains "$err" "--max-memory needs a size"

# Every outcome on request; by default, how many were left out.
ks explore --variant writers menu
check "menu writers: 16 outcomes" contains "$out" "in 16 outcomes"
check "menu writers: how many were left out" contains "$out" "and 4 more outcomes, left out"
check "menu writers: how to see them" contains "$out" "--outcomes all"
ks explore --variant writers --outcomes all menu
check "--outcomes all: the 16th is listed" contains "$out" "  16. "
check "--outcomes all: nothing left out" not_contains "$out" "left out"
ks explore --variant writers --outcomes 2 menu
check "--outcomes 2: the 3rd is not listed" not_contains "$out" "  3. "
check "--outcomes 2: 14 left out" contains "$out" "and 14 more outcomes, left out"
ks explore --outcomes many race
check "--outcomes many: exit 2" test "$rc" -eq 2

# Cut short after a lost update was found: not also "nothing went wrong".
ks explore --variant unsafe --max-states 60 race
check "cut after a lost update: exit 1" test "$rc" -eq 1
check "cut after a lost update: the lost update is reported" contains "$out" "An update can be lost"
check "cut after a lost update: not 'nothing went wrong'" not_contains "$out" "Nothing went wrong"

# A file given by path: the printed command names the file, and runs as printed.
cp "$KS_SRCDIR/scenarios/race.ks" "$tmp/my race.ks"
ks explore --variant unsafe "$tmp/my race.ks"
cmd=$(printf '%s\n' "$out" | grep '^  kitchensync run' | head -n 1)
check "a file's command names the file" contains "$cmd" "my race.ks'"
rc=0
(cd "$tmp" && eval "\"\$KITCHENSYNC\" ${cmd#  kitchensync }") >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
check "the printed command runs as printed" test "$rc" -ne 2
check "the printed command finds the file" not_contains "$(cat "$tmp/err")" "no scenario named"
check "the printed command shows the lost update" contains "$(cat "$tmp/out")" "race"

# A wait for 0ms gives up at once on real threads too: no "cannot force" caveat.
ks explore "$KS_TESTDATA/explore/try-once.ks"
check "try once: the outcome where it gave up is found" contains "$out" "missed = 1"
check "try once: no replay caveat" not_contains "$out" "a replay cannot force that"
ks run --headless --schedule 'Reader,Sender' "$KS_TESTDATA/explore/try-once.ks"
check "try once: the replay gives up too" contains "$out" "missed = 1"

# Loops for ever without progress: reported with the way in and the loop,
# not proved; a correct algorithm that loops for ever is still proved.
ks explore "$KS_TESTDATA/explore/dekker-spin.ks"
check "Dekker without the turn: exit 1" test "$rc" -eq 1
check "Dekker without the turn: can spin for ever" contains "$out" "It can spin for ever"
check "Dekker without the turn: the loop" contains "$out" "then for ever: A,B"
check "Dekker without the turn: not proved" not_contains "$out" "Proved"
cmd=$(printf '%s\n' "$out" | grep '^  kitchensync run' | tail -n 1)
check "Dekker without the turn: three rounds to replay" contains "$cmd" "--schedule 'A*2,B*2,A,B,A,B,A,B'"
ks explore "$KS_TESTDATA/explore/countdown.ks"
check "busy-wait countdown: can spin for ever" contains "$out" "It can spin for ever"
check "busy-wait countdown: the waiter alone loops" contains "$out" "then for ever: Waiter"
ks explore --variant backoff deadlock
check "deadlock backoff: its livelock" contains "$out" "It can spin for ever"
check "deadlock backoff: exit 1" test "$rc" -eq 1
for f in peterson dekker; do
	ks explore "$KS_TESTDATA/explore/$f.ks"
	check "$f looping for ever: proved (its critical region is checked)" contains "$out" "Proved"
	check "$f looping for ever: exit 0" test "$rc" -eq 0
	check "$f looping for ever: no spin" not_contains "$out" "spin for ever"
done

# Verdicts: a lesson says what can happen, how often and how; nothing to
# check is not a proof; an invariant is checked in every state.
L="$KS_TESTDATA/explore/lessons.ks"
ks explore --variant none "$L"
check "no expectation: not proved" not_contains "$out" "Proved"
check "no expectation: says there is nothing to check" contains "$out" "Nothing to check"
ks explore --variant can "$L"
check "a lesson that can happen: exit 0" test "$rc" -eq 0
check "a lesson that can happen: the lesson holds" contains "$out" "The lesson holds: this can happen (expect can served == 2): 60 of 66 schedules"
check "a lesson that can happen: the lucky outcomes" contains "$out" "lucky: finished"
check "a lesson that can happen: not proved, not wrong" not_contains "$out" "Proved"
check "a lesson that can happen: no outcome marked wrong" not_contains "$out" "✗"
ks explore --variant cannot "$L"
check "a lesson that cannot happen: exit 1" test "$rc" -eq 1
check "a lesson that cannot happen: said so" contains "$out" "The lesson does not hold: no interleaving shows it"
ks explore --variant inv "$L"
check "a broken invariant: exit 1" test "$rc" -eq 1
check "a broken invariant: where it broke" contains "$out" "stopped: an invariant was broken (always portions >= 0)"

done_testing
