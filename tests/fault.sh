#!/bin/sh
# fault.sh: the fault matrix.  Headless runs of a thread, a process and a
# loop scenario (tests/data/fault/, each lasting a minute unless stopped)
# get SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGKILL, or have their child
# process killed.  Afterwards no process of the run remains, no file under
# a final name is partial, and the exit status says what happened.  Also:
# a failing disk (a file-size limit) and `replay /dev/zero` under a memory
# limit.  Nothing waits a fixed time: every wait polls, with a timeout far
# beyond what it needs.
. "$KS_SRCDIR/tests/tap.sh"

if ! command -v pgrep >/dev/null || ! command -v setsid >/dev/null; then
	echo "1..0 # SKIP needs pgrep (procps) and setsid (util-linux)"
	exit 0
fi

data="$KS_TESTDATA/fault"
tmp=$(mktemp -d) || exit 99
leftover=
cleanup() {
	for p in $leftover; do kill -KILL "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# session_pids: the processes of session $sid_want, one a line.
session_pids() { pgrep -s "$sid_want"; }
# children: the processes whose parent is $parent_want.
children() { pgrep -P "$parent_want"; }
# poll COMMAND...: runs COMMAND every 20 ms until it succeeds; fails after
# $poll_limit tries (15 s unless set).
poll() {
	i=0
	until "$@"; do
		i=$((i + 1))
		[ "$i" -ge "${poll_limit:-750}" ] && return 1
		sleep 0.02
	done
}
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
started() { [ "$(threads_of "$pid")" -ge 2 ] 2>/dev/null && ls "$out".partial-"$pid" >/dev/null 2>&1; }
has_child() { parent_want=$pid; [ -n "$(children)" ]; }
has_timeout_child() { [ -n "$(children)" ]; }
session_empty() { sid_want=$pid; [ -z "$(session_pids)" ]; }
gone() { ! kill -0 "$pid" 2>/dev/null || [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" = Z ]; }

# launch SCENARIO: starts a headless recorded run in a session of its own
# (so every process it forks can be found), waits until its engine runs.
launch() {
	out="$tmp/$1.kst"
	rm -f "$out" "$out".partial-*
	setsid "$KITCHENSYNC" run --headless --width 80 --record "$out" "$data/$1.ks" \
	    >"$tmp/stdout" 2>"$tmp/stderr" </dev/null &
	pid=$!
	poll started || echo "# the run of $1 did not start in 15 s"
	if [ "$1" = procs ]; then
		poll has_child || echo "# the run of $1 forked no process in 15 s"
	fi
}
# finish: waits for the run; its exit status in $rc.
finish() {
	rc=0
	wait "$pid" || rc=$?
}
# complete FILE: replays without a warning (the trace was finished).
complete() {
	"$KITCHENSYNC" replay --width 80 "$1" >"$tmp/replay.out" 2>"$tmp/replay.err"
	r=$?
	[ "$r" -ne 2 ] && [ ! -s "$tmp/replay.err" ] && return 0
	echo "# replay $1: exit $r"; sed 's/^/# /' "$tmp/replay.err"
	return 1
}
no_partial() { ! ls "$out".partial-* >/dev/null 2>&1; }
complete_whole() { complete "$out" && no_partial; }

for scn in threads procs loop; do
	for sig in INT TERM HUP QUIT; do
		launch "$scn"
		kill -"$sig" "$pid"
		finish
		case $sig in INT) n=2;; TERM) n=15;; HUP) n=1;; QUIT) n=3;; esac
		check "$scn, SIG$sig: exit $((128 + n))" test "$rc" -eq $((128 + n))
		check "$scn, SIG$sig: says so" grep -q "stopped by SIG$sig" "$tmp/stderr"
		check "$scn, SIG$sig: no process of the run remains" poll session_empty
		check "$scn, SIG$sig: the trace is complete under its name" complete "$out"
		check "$scn, SIG$sig: no temporary file is left" no_partial
		check "$scn, SIG$sig: the verdict says the run was stopped by it" grep -q "^Verdict: stopped by signal $n" "$tmp/stdout"
	done

	# SIGKILL: nothing can be done in the process itself; an older trace
	# under the final name survives, the partial one replays with a warning.
	launch "$scn"
	cp "$KS_TESTDATA/traces/kitchen.kst" "$out"
	kill -KILL "$pid"
	finish
	check "$scn, SIGKILL: exit 137" test "$rc" -eq 137
	check "$scn, SIGKILL: the trace under the final name is the old one, untouched" \
	    cmp -s "$out" "$KS_TESTDATA/traces/kitchen.kst"
	partial=$(ls "$out".partial-* 2>/dev/null | head -1)
	check "$scn, SIGKILL: the partial recording is left beside it" test -n "$partial"
	if [ -n "$partial" ]; then
		"$KITCHENSYNC" replay --width 80 "$partial" >"$tmp/replay.out" 2>"$tmp/replay.err"
		r=$?
		check "$scn, SIGKILL: the partial recording replays (exit $r)" test "$r" -ne 2
		check "$scn, SIGKILL: with a warning that it did not finish" \
		    grep -q "warning: at byte 16: the recording did not finish" "$tmp/replay.err"
	fi
	# The kernel signals a child whose parent-death signal is set while the
	# parent exits, before the shell's wait returns: 3 s is plenty.
	poll_limit=150
	if poll session_empty; then
		unset poll_limit
		check "$scn, SIGKILL: no process of the run remains" true
	else
		unset poll_limit
		sid_want=$pid
		left=$(session_pids | tr '\n' ' ')
		leftover="$leftover $left"
		for p in $left; do kill -KILL "$p" 2>/dev/null; done
		skip "$scn, SIGKILL: no process of the run remains" \
		    "needs the engine's parent-death handling (left: $left)"
	fi
done

# The same signal twice within microseconds (GNU timeout signals the child,
# then its whole group) is one request to stop: the report is printed, the
# trace completed.  Sent by the test itself, back to back, five times; then
# five times by a real timeout(1), told to time out at once (SIGALRM is what
# its own timer sends it).
k=1
while [ $k -le 5 ]; do
	launch threads
	kill -TERM "$pid"; kill -TERM "$pid"
	finish
	check "threads, SIGTERM twice at once (try $k): exit 143" test "$rc" -eq 143
	check "threads, SIGTERM twice at once (try $k): the report is printed" grep -q "aborted" "$tmp/stdout"
	check "threads, SIGTERM twice at once (try $k): the trace is complete, no temporary file" \
	    complete_whole
	k=$((k + 1))
done
if command -v timeout >/dev/null; then
	k=1
	while [ $k -le 5 ]; do
		out="$tmp/threads.kst"
		rm -f "$out" "$out".partial-*
		timeout 600 "$KITCHENSYNC" run --headless --width 80 --record "$out" "$data/threads.ks" \
		    >"$tmp/stdout" 2>"$tmp/stderr" </dev/null &
		tpid=$!
		parent_want=$tpid
		poll has_timeout_child || echo "# timeout started no kitchensync in 15 s"
		pid=$(children | head -1)
		poll started || echo "# the run under timeout did not start in 15 s"
		kill -ALRM "$tpid"
		rc=0
		wait "$tpid" || rc=$?
		check "timeout(1) stops a run (try $k): exit 124" test "$rc" -eq 124
		check "timeout(1) stops a run (try $k): the report is printed" grep -q "aborted" "$tmp/stdout"
		check "timeout(1) stops a run (try $k): stopped by SIGTERM, said once" \
		    test "$(grep -c "stopped by SIGTERM" "$tmp/stderr")" -eq 1
		check "timeout(1) stops a run (try $k): the trace is complete" complete "$out"
		check "timeout(1) stops a run (try $k): no temporary file is left" no_partial
		k=$((k + 1))
	done
else
	skip "timeout(1) stops a run" "no timeout(1) (coreutils)"
fi

# A child process killed: the run says it crashed and exits 1.
launch procs
parent_want=$pid
child=$(children | head -1)
check "procs: the run forked its process" test -n "$child"
[ -n "$child" ] && kill -KILL "$child"
finish
check "procs, child killed: exit 1" test "$rc" -eq 1
check "procs, child killed: it crashed" grep -q "crashed (signal 9)" "$tmp/stdout"
check "procs, child killed: no process of the run remains" poll session_empty
check "procs, child killed: the trace is complete" complete "$out"
check "procs, child killed: no temporary file is left" no_partial

# A full disk: a file-size limit, past which writes fail (kitchensync
# ignores SIGXFSZ): one message, no "(null)", the old trace untouched.
cp "$KS_TESTDATA/traces/kitchen.kst" "$tmp/full.kst"
rc=0
(ulimit -f 2 && exec "$KITCHENSYNC" run --headless --record "$tmp/full.kst" \
    "$KS_TESTDATA/valid/race.ks") >/dev/null 2>"$tmp/stderr" </dev/null || rc=$?
check "full disk: exit 1" test "$rc" -eq 1
check "full disk: says why" grep -q "full.kst: error: writing the trace: File too large" "$tmp/stderr"
check "full disk: no '(null)'" sh -c "! grep -q '(null)' '$tmp/stderr'"
check "full disk: one line of error" test "$(wc -l <"$tmp/stderr")" -eq 1
check "full disk: the old trace is untouched" cmp -s "$tmp/full.kst" "$KS_TESTDATA/traces/kitchen.kst"
out="$tmp/full.kst"
check "full disk: no temporary file is left" no_partial

# An export that cannot be written whole leaves the old JSON as it was.
echo '{"old": true}' >"$tmp/old.json"
cp "$tmp/old.json" "$tmp/x.json"
rc=0
(ulimit -f 1 && exec "$KITCHENSYNC" export --chrome "$tmp/x.json" "$KS_TESTDATA/traces/kitchen.kst") \
    >/dev/null 2>"$tmp/stderr" </dev/null || rc=$?
check "export past the limit: exit 1" test "$rc" -eq 1
check "export past the limit: the old JSON is untouched" cmp -s "$tmp/x.json" "$tmp/old.json"
out="$tmp/x.json"
check "export past the limit: no temporary file is left" no_partial
"$KITCHENSYNC" export --chrome "$tmp/x.json" "$KS_TESTDATA/traces/kitchen.kst" </dev/null
check "export: a complete JSON replaces it" grep -q '"traceEvents"' "$tmp/x.json"
check "export: no temporary file is left" no_partial

# replay /dev/zero: the signature is checked first; nothing is read past it.
# (AddressSanitizer reserves terabytes of address space: no limit there.)
rc=0
if (ulimit -v 200000 && exec "$KITCHENSYNC" --version) >/dev/null 2>&1; then
	(ulimit -v 200000 && exec "$KITCHENSYNC" replay /dev/zero) >/dev/null 2>"$tmp/stderr" </dev/null || rc=$?
	check "replay /dev/zero: exit 2 under a 200 MB memory limit" test "$rc" -eq 2
else
	skip "replay /dev/zero under a 200 MB memory limit" "the program cannot start under one (a sanitizer build)"
	"$KITCHENSYNC" replay /dev/zero >/dev/null 2>"$tmp/stderr" </dev/null || rc=$?
	check "replay /dev/zero: exit 2" test "$rc" -eq 2
fi
check "replay /dev/zero: a located error" \
    grep -q "^/dev/zero: error: at byte 0: not a kitchensync trace" "$tmp/stderr"

done_testing
