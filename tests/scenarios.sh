#!/bin/sh
# scenarios.sh: every variant of every scenario in scenarios/ checks clean and
# runs headless with its expectations met (exit status 0), and the failures
# the lessons teach really show: lost updates, a deadlock cycle, a process's
# own copy of memory.  Runs at --speed 2 (the parallel variants at 1), so the
# whole file takes about a minute; the race's unsafe variant runs in step
# mode on its own schedule.
. "$KS_SRCDIR/tests/tap.sh"

SPEED=2
dir=$KS_SRCDIR/scenarios

"$KITCHENSYNC" --help 2>/dev/null | grep -q '^  run ' || {
	echo "1..0 # SKIP kitchensync has no run command yet"
	exit 0
}
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)

# skip DESCRIPTION REASON
skip() {
	ks_n=$((ks_n + 1))
	echo "ok $ks_n - $1 # SKIP $2"
}

# variants NAME: the variants `list` shows for scenario NAME, one a line.
variants() {
	KITCHENSYNC_PATH=$dir "$KITCHENSYNC" list </dev/null |
	    awk -v n="$1" '$1 == n { getline; sub(/.*: /, ""); gsub(/, /, "\n"); print; exit }'
}

# Variants whose lesson is parallelism: they need two CPUs or more.
needs_cores() {
	case $1 in
	kitchen/team | crunch/threads | crunch/pool) return 0 ;;
	esac
	return 1
}

# busy: others hold the CPUs a parallel variant needs (1-minute load above
# ncpu - 1.2: four 1 s sums in 3.5 s need about 1.2 free CPUs).
busy() {
	[ -r /proc/loadavg ] || return 1
	awk -v n="$ncpu" '{ exit !($1 > n - 1.2) }' /proc/loadavg
}

for f in "$dir"/*.ks; do
	name=${f##*/}
	name=${name%.ks}
	ks check "$f"
	check "$name: checks clean" test "$rc" -eq 0 -a -z "$err"
	vs=$(variants "$name")
	check "$name: list shows its variants" test -n "$vs"
	for v in $vs; do
		if needs_cores "$name/$v" && [ "$ncpu" -lt 2 ]; then
			skip "$name/$v: expectations met" "needs 2 CPUs, this machine has $ncpu"
			continue
		fi
		speed=$SPEED
		needs_cores "$name/$v" && speed=1  # startup costs do not shrink with speed
		ks run --headless --speed "$speed" --variant "$v" "$f"
		# A parallel variant competes for the CPUs with whatever else the
		# machine (or make -j) runs; one retry keeps a busy moment from
		# failing it, a real regression fails twice.
		if [ "$rc" -ne 0 ] && needs_cores "$name/$v"; then
			echo "# $name/$v: not met, once more"
			ks run --headless --speed "$speed" --variant "$v" "$f"
		fi
		# work is CPU time: with the CPUs taken by others, a parallel
		# variant cannot finish in its time however correct the engine is.
		if [ "$rc" -ne 0 ] && needs_cores "$name/$v" && busy; then
			printf '%s\n' "$out" | sed 's/^/# /'
			skip "$name/$v: expectations met" "the machine is busy (load $(cut -d' ' -f1 /proc/loadavg) on $ncpu CPUs)"
			continue
		fi
		[ "$rc" -eq 0 ] || printf '%s\n' "$out" "$err" | sed 's/^/# /'
		check "$name/$v: expectations met" test "$rc" -eq 0
		case $name/$v in
		race/unsafe)
			check "$name/$v: lost updates are reported" contains "$out" "Lost updates:" ;;
		deadlock/opposite)
			check "$name/$v: the cycle is shown" contains "$out" "Cook A waits for board, held by Cook B"
			check "$name/$v: both sides of it" contains "$out" "Cook B waits for knife, held by Cook A" ;;
		office/processes)
			check "$name/$v: Amy's process saw its own write" contains "$out" "as process Amy saw them: board = 42" ;;
		noodle/offloaded)
			check "$name/$v: a pool thread did the blocking call" contains "$out" "pool 1" ;;
		esac
	done
done

# The exit status follows the expectations: a schedule in which Cook A does
# all its steps before Cook B starts loses nothing, so "orders < 10" fails.
ks run --headless --variant unsafe --speed 10 \
    --schedule 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2 "$dir/race.ks"
check "race/unsafe: one cook at a time loses nothing: exit 1" test "$rc" -eq 1
check "race/unsafe: ... and says the expectation was not met" contains "$out" "orders = 10"

done_testing
