#!/bin/sh
# docs.sh: every command that kitchensync-tutorial(7) and README.md tell a
# learner to type runs, on the shipped scenarios, as typed (headless where the
# document opens the terminal UI): it must exit 0 or 1, never 2 (a command the
# program does not take).  Where the text states an outcome a machine can
# check, the outcome is checked too: the output lines printed under a command
# in the tutorial's examples, and the outcomes of the lessons listed below.
# A changed scenario, option or text that no longer agrees fails make check.
# (README's key sequences are driven by tui.sh.)
. "$KS_SRCDIR/tests/tap.sh"

tutorial=$KS_SRCDIR/man/kitchensync-tutorial.7
readme=$KS_SRCDIR/README.md
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 99
# The shipped scenarios only: the build tree's program finds scenarios/ by name.
KITCHENSYNC_PATH=; export KITCHENSYNC_PATH

# tutorial_examples: the tutorial's commands and the lines printed under them.
. "$KS_SRCDIR/tests/tutorial.sh"

# README's usage block: each line that starts with "kitchensync", up to the
# two spaces before its description.
readme_usage() {
	sed -n '/^## Usage/,/^Exit statuses/p' "$readme" |
	    awk '/^```/ { inb = !inb; next } inb && /^kitchensync/ { sub(/  .*/, ""); print "cmd " $0 }'
}

# README's scenario under "Writing a scenario", and the commands it names.
sed -n '/^## Writing a scenario/,/^## /p' "$readme" |
    awk '/^```/ { n++; next } n == 1' >pen.ks
readme_pen() {
	sed -n '/^## Writing a scenario/,/^## /p' "$readme" |
	    grep -o '`kitchensync [a-z]* pen\.ks`' | tr -d '`' | sed 's/^/cmd /'
}

# A trace for the README's "replay run.kst".
"$KITCHENSYNC" run --headless --record run.kst race >/dev/null 2>&1 </dev/null

# run_doc COMMAND: runs it as typed (";" and what follows dropped, and
# --headless added to a run or replay that would open the terminal UI);
# leaves the output in $out and the status in $rc.
run_doc() {
	line=${1%%;*}
	set -f
	eval "set -- ${line#kitchensync}"
	set +f
	case " $* " in
	*" --headless "*) ;;
	" run "*|" replay "*) first=$1; shift; set -- "$first" --headless "$@" ;;
	esac
	# Step mode (a schedule, a seed, --step, or the unsafe race's own
	# schedule) decides the outcome whatever the speed: run it ten times
	# faster.  Live runs keep their real timing.
	case " $* " in
	*" --variant slow "*|*" --variant locked "*|*" --variant atomic "*) ;;
	" run "*" --seed "*|" run "*" --schedule "*|" run "*" --step "*|" run "*" race ")
		first=$1; shift; set -- "$first" --speed 10 "$@" ;;
	esac
	rc=0
	if command -v timeout >/dev/null 2>&1; then
		timeout 120 "$KITCHENSYNC" "$@" >out.txt 2>err.txt </dev/null || rc=$?
	else
		"$KITCHENSYNC" "$@" >out.txt 2>err.txt </dev/null || rc=$?
	fi
	out=$(cat out.txt)
	err=$(cat err.txt)
}

# has LINE: the last command printed LINE (spaces squeezed: the tutorial's
# columns are prose, not layout).
has() {
	printf '%s\n' "$out" | tr -s ' ' | grep -qxF -- "$(printf '%s' "$1" | tr -s ' ')" && return 0
	printf '# expected the line: %s\n' "$1"
	printf '%s\n' "$out" | tail -n 15 | sed 's/^/#  |/'
	return 1
}
contains_re() {
	printf '%s\n' "$out" | grep -Eq -- "$1" && return 0
	printf '# expected a line matching: %s\n' "$1"
	printf '%s\n' "$out" | tail -n 15 | sed 's/^/#  |/'
	return 1
}

# lesson_outcome COMMAND: the outcomes the lessons state for COMMAND.  Only
# what timing cannot change: step-mode schedules, and lower bounds that one
# CPU's time imposes.
lesson_outcome() {
	case $1 in
	"kitchensync run --variant unsafe race")
		# 3.2: "the scenario's own schedule does the same: both cooks load
		# before either stores, every round"
		check "docs: 3.2 the schedule loses an order every round" has "Lost updates: 5"
		check "docs: 3.2 five orders on the board" has "Final values: orders = 5" ;;
	"kitchensync run --variant unsafe --repeat 20 --seed 1 race")
		check "docs: 3.2 twenty seeded runs are tallied" contains_re "^20 runs of race \(variant unsafe\):" ;;
	"kitchensync run --variant unsafe --schedule 1,1,2,1,2 race")
		# "Here Cook A speaks and loads, Cook B loads, A stores, B stores:
		# the first order is lost."
		check "docs: 3.2 your own order loses the first order" contains_re "^Lost updates: [1-9]" ;;
	"kitchensync run --headless --variant unsafe --schedule 'Cook A*2,Cook B,Cook A,Cook B' race")
		# 3.6: "Give that schedule to a real run and the threads lose the order too"
		check "docs: 3.6 explore's shortest schedule loses an order on real threads" contains_re "^Lost updates: [1-9]" ;;
	"kitchensync explore --variant unsafe race")
		# the variant says updates can be lost (expect can): explore shows it can
		check "docs: 3.6 explore finds lost updates" contains_re "^An update can be lost"
		check "docs: 3.6 explore shows the lesson: exit 0" test "$rc" -eq 0 ;;
	"kitchensync explore --variant locked race")
		check "docs: 3.6 the mutex is proved: exit 0" test "$rc" -eq 0 ;;
	"kitchensync explore --variant ordered deadlock")
		check "docs: 4.2 one order is proved: exit 0" test "$rc" -eq 0 ;;
	"kitchensync run --variant frozen crunch")
		# 6.5: "no tick comes until the sum is done (during is 0)"
		check "docs: 6.5 not one heartbeat while the sum ran on the loop" contains_re "^Final values: .*during = 0"
		check "docs: 6.5 the Heartbeat is ready, not awaiting, while it waits for the loop" contains_re "task Heartbeat .*░" ;;
	"kitchensync run --variant opposite deadlock")
		# 4.1: "The run ends as deadlocked, and the cycle is drawn"
		check "docs: 4.1 the run ends deadlocked" contains_re "^Run of deadlock \(variant opposite\): deadlocked after"
		check "docs: 4.1 A holds the knife and waits for the board" has "  Cook A waits for board, held by Cook B"
		check "docs: 4.1 B holds the board and waits for the knife" has "  Cook B waits for knife, held by Cook A"
		check "docs: 4.1 expect can deadlock is shown: exit 0" test "$rc" -eq 0
		check "docs: 4.1 the verdict" has "Verdict: deadlocked; the lesson is shown: this can happen" ;;
	"kitchensync run --variant last race")
		# 3.7: "the verdict is the lesson did not happen this time ... (exit status 1)"
		check "docs: 3.7 one bowl served, the lesson not shown: exit 1" test "$rc" -eq 1
		check "docs: 3.7 the verdict" has "Verdict: finished; the lesson did not happen this time; it can: see \`kitchensync explore\`" ;;
	"kitchensync run --variant ordered deadlock")
		check "docs: 4.2 one order: both finish" contains_re "^Run of deadlock \(variant ordered\): finished after" ;;
	"kitchensync run --cpus 1 --variant team kitchen")
		# 2.2: "The expectation that states the lesson, elapsed < 3s, is not met."
		check "docs: 2.2 on one core elapsed < 3s is not met" contains_re "^  NOT MET +expect elapsed < 3s"
		check "docs: 2.2 ... so the exit status is 1" test "$rc" -eq 1 ;;
	"kitchensync run --variant crowded kitchen")
		check "docs: 2.3 elapsed > 2800ms is met" contains_re "^  met +expect elapsed > 2800ms" ;;
	"kitchensync run --variant offloaded noodle")
		check "docs: 1.4 the pool thread ran the call" has "  pool 1  pool thread ran 1 offloaded call, for Noodles"
		check "docs: 1.4 the pool thread's row sleeps under the loop's tasks" contains_re "^E   thread pool 1 z{30}" ;;
	"kitchensync run --variant offload server")
		check "docs: 9.5 the pool threads have rows" contains_re "^\+   thread pool 1 +z"
		check "docs: 9.5 the outcome counts the calls each ran" contains_re "^  pool 1 +pool thread ran [0-9]+ offloaded calls" ;;
	"kitchensync run --variant processes office")
		check "docs: 5.2 Bob reads 0" contains_re "^  as process Bob saw them: .*seen = 0" ;;
	"kitchensync run --variant threads office")
		check "docs: 5.1 Bob reads 42" contains_re "^Final values: .*seen = 42" ;;
	"kitchensync check pen.ks")
		check "docs: README's pen scenario checks clean" test "$rc" -eq 0 -a -z "$err" ;;
	"kitchensync run pen.ks")
		check "docs: README's pen scenario meets its expectation" has "  met expect orders == 6 (orders = 6)" ;;
	esac
}

{ tutorial_examples; readme_usage; readme_pen; } >docs.txt
check "the tutorial has commands to run" test "$(grep -c '^cmd ' docs.txt)" -ge 30
check "README's usage has commands to run" test "$(readme_usage | grep -c '^cmd ')" -ge 10
check "README's scenario is there" grep -q '^expect orders == 6' pen.ks

# Each run once: the same run typed again (with or without --headless)
# is checked against the output of the first.
n=0
while IFS= read -r rec; do
	case $rec in
	"cmd "*)
		cmd=${rec#cmd }
		key=$(printf '%s' "$cmd" | sed 's/;.*//; s/ --headless//' | tr -s ' ')
		i=$(grep -nxF -- "$key" keys.txt 2>/dev/null | head -n 1 | cut -d: -f1)
		if [ -n "$i" ]; then
			out=$(cat "run.$i.out")
			rc=$(cat "run.$i.rc")
			continue
		fi
		n=$((n + 1))
		printf '%s\n' "$key" >>keys.txt
		run_doc "$cmd"
		printf '%s\n' "$out" >"run.$n.out"
		echo "$rc" >"run.$n.rc"
		check "docs: '$cmd' runs (exit $rc)" test "$rc" -eq 0 -o "$rc" -eq 1
		[ "$rc" -eq 2 ] && printf '%s\n' "$err" | head -n 3 | sed 's/^/#  /'
		lesson_outcome "$key"
		;;
	"out "*)
		check "docs: '$cmd' prints '${rec#out }'" has "${rec#out }"
		;;
	"shape "*)
		re=$(printf '%s' "${rec#shape }" | sed 's/[][\\.*^$()+?{}|]/\\&/g; s/[0-9][0-9]*/[0-9]+/g')
		check "docs: '$cmd' prints '${rec#shape }', any numbers" contains_re "^$re\$"
		;;
	esac
done <docs.txt

done_testing
