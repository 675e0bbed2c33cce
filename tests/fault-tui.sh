#!/bin/sh
# fault-tui.sh: the fault matrix of fault.sh, for runs in the terminal UI.
# Each case types a command line into a fresh shell in a tmux pane (private
# socket): `stty -g` before, kitchensync on a thread, a process or a loop
# scenario (tests/data/fault/, each lasting a minute unless stopped), its
# exit status, `stty -g` after.  The main process gets SIGINT, SIGTERM,
# SIGHUP, SIGQUIT or SIGKILL, or the process scenario's child is killed.
# Afterwards no process of the run remains (their pids are collected while
# it runs), the shell printed the status (128+N for a signal, as headless),
# the terminal modes are those from before, and tmux says the alternate
# screen, the keypad and mouse modes were left and the cursor is visible.
# SIGKILL cannot be caught: the terminal stays as the program left it, so
# only the processes are checked there.  The UI writes no file of its own
# (--record runs headless even on a terminal): the full disk is a recorded
# run typed in the pane, which must leave the old trace and the terminal be.
# Nothing waits a fixed time: every wait polls the screen or /proc, with a
# timeout far beyond what it needs.
. "$KS_SRCDIR/tests/tap.sh"

if ! command -v tmux >/dev/null 2>&1 || ! command -v pgrep >/dev/null 2>&1; then
	echo "1..0 # SKIP needs tmux and pgrep (procps)"
	exit 0
fi

sock=ks-fault-$$
T() { tmux -L "$sock" "$@"; }
tmp=$(mktemp -d) || exit 99
leftover=
cleanup() {
	for p in $leftover; do kill -KILL "$p" 2>/dev/null; done
	T kill-server 2>/dev/null; [ -n "$sockpath" ] && rm -f "$sockpath"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
data="$KS_TESTDATA/fault"
# A session that stays, so the server does not exit (and race the next
# case's start) each time a case's session is closed.
T -f /dev/null new-session -d -s keep -x 100 -y 30 "cat" || exit 99
# tmux leaves its socket behind when killed: cleanup removes it.
sockpath=$(T display-message -p '#{socket_path}')

# poll COMMAND...: runs COMMAND every 50 ms until it succeeds; fails after
# $poll_limit tries (15 s unless set).
poll() {
	i=0
	until "$@"; do
		i=$((i + 1))
		[ "$i" -ge "${poll_limit:-300}" ] && return 1
		sleep 0.05
	done
}
screen() { T capture-pane -p -t "$pane" 2>/dev/null; }
on_screen() { screen | grep -Eq -- "$1"; }
# wait_re REGEX: polls the pane until a line matches REGEX (grep -E).
wait_re() {
	poll on_screen "$1" && return 0
	printf '# waited 15 s for a line matching: %s\n# the screen:\n' "$1"
	screen | sed 's/^/#  |/'
	return 1
}
# modes: what tmux knows of the terminal's state: alternate screen, cursor
# shown, keypad and mouse modes.
modes() {
	T display-message -p -t "$pane" \
	    'alt=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_flag},#{keypad_cursor_flag} mouse=#{mouse_any_flag},#{mouse_button_flag},#{mouse_standard_flag},#{mouse_sgr_flag}'
}

# open_pane: a fresh shell in a pane of its own, at its prompt.
cases=0
open_pane() {
	cases=$((cases + 1))
	pane=c$cases
	T new-session -d -s "$pane" -x 100 -y 30 "env -u TMUX ENV='$tmp/rc' sh -i" || exit 99
	shell_pid=$(T display-message -p -t "$pane" '#{pane_pid}')
	wait_re '^ks\$' >/dev/null || exit 99
	T send-keys -t "$pane" "export KITCHENSYNC_PATH= LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color; cd '$tmp'; echo ready" Enter
	wait_re '^ready' >/dev/null || exit 99
	modes_before=$(modes)
}
close_pane() { T kill-session -t "$pane" 2>/dev/null; }
cat >"$tmp/rc" <<'RC'
PS1='ks$ '
RC

# type_run ARGS: types `stty -g` and kitchensync ARGS.  The status and the
# modes after are typed once kitchensync has gone (after_run), as a
# person waits for the prompt: a list on one line would be cut short when
# kitchensync dies of SIGINT (the shell stops the list), and keys typed too
# early are kitchensync's.  Lines end in C-j: after SIGKILL the terminal is
# still raw and Enter's carriage return ends no line.
type_run() {
	T send-keys -t "$pane" "clear; stty -g >before; '$KITCHENSYNC' $*" C-j
}
# after_run: once nothing of the run is left, types what prints the status
# and saves the modes (then puts back those from before and clears the
# screen, so a terminal left raw still shows what is printed).
after_run() {
	poll all_gone || echo "# the run did not end in 15 s"
	T send-keys -t "$pane" "s=\$?; stty -g >after; stty \$(cat before); clear; echo status=\$s; echo done-\$((40+2))" C-j
	wait_re '^done-42'
}
# ks_pid: the kitchensync process the pane's shell started.
ks_pid() { pgrep -P "$shell_pid" -x kitchensync | head -1; }
has_ks() { pid=$(ks_pid); [ -n "$pid" ]; }
# tree PID: PID and every process below it.
tree() {
	echo "$1"
	for c in $(pgrep -P "$1"); do tree "$c"; done
}
# run_pids: the run's processes now: kitchensync's tree and every other
# process of the pane's session (a child that escaped its parent).
run_pids() {
	{
		tree "$pid"
		pgrep -s "$shell_pid" | grep -vx "$shell_pid"
	} | sort -un
}
has_child() { [ -n "$(pgrep -P "$pid")" ]; }
alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
# all_gone: none of the pids collected ($pids) lives, the session holds the shell only.
all_gone() {
	for p in $pids; do alive "$p" && return 1; done
	[ -z "$(pgrep -s "$shell_pid" | grep -vx "$shell_pid")" ]
}
no_process_left() {
	poll all_gone && return 0
	left=
	for p in $pids; do alive "$p" && left="$left $p"; done
	echo "# left behind:$left"
	leftover="$leftover $left"
	return 1
}
status() { screen | sed -n 's/^status=\([0-9][0-9]*\).*/\1/p' | tail -1; }
# launch SCENARIO: opens the run of tests/data/fault/SCENARIO.ks in the UI,
# waits until its view is up and its processes are there; $pid, $pids.
launch() {
	open_pane
	type_run "run '$data/$1.ks'"
	wait_re "^ $1 .* LIVE " || echo "# the view of $1 did not open in 15 s"
	poll has_ks || echo "# no kitchensync process under the shell"
	case $1 in
	threads) wait_re "Worker +thread" >/dev/null;;
	loop) wait_re "Chef +loop" >/dev/null;;
	procs) poll has_child || echo "# the run of procs forked no process in 15 s";;
	esac
	pids=$(run_pids)
}
terminal_back() {
	[ "$(cat "$tmp/before")" = "$(cat "$tmp/after")" ] && return 0
	echo "# stty -g before: $(cat "$tmp/before")"
	echo "# stty -g after:  $(cat "$tmp/after")"
	return 1
}
modes_back() {
	now=$(modes)
	[ "$now" = "$modes_before" ] && return 0
	echo "# before: $modes_before"
	echo "# after:  $now"
	return 1
}

for scn in threads procs loop; do
	for sig in INT TERM HUP QUIT; do
		case $sig in INT) n=2;; TERM) n=15;; HUP) n=1;; QUIT) n=3;; esac
		launch "$scn"
		kill -"$sig" "$pid"
		after_run
		check "$scn, SIG$sig: exit $((128 + n))" test "$(status)" = $((128 + n))
		check "$scn, SIG$sig: no process of the run remains" no_process_left
		check "$scn, SIG$sig: the terminal's modes are back" terminal_back
		check "$scn, SIG$sig: alternate screen, keypad and mouse left, cursor shown" modes_back
		close_pane
	done

	# SIGKILL: the process cannot restore the terminal; its children die
	# with it (their parent-death signal), before or just after the shell's
	# wait returns.
	launch "$scn"
	kill -KILL "$pid"
	after_run
	check "$scn, SIGKILL: exit 137" test "$(status)" = 137
	check "$scn, SIGKILL: no process of the run remains" no_process_left
	close_pane
done

# A child process killed: the view says it crashed, the run ends, q exits 1.
launch procs
child=$(pgrep -P "$pid" | head -1)
check "procs: the run forked its process" test -n "$child"
[ -n "$child" ] && kill -KILL "$child"
check "procs, child killed: the view says it crashed" wait_re "Shop crashed \(signal 9\)"
check "procs, child killed: the run ends" wait_re " END *$"
T send-keys -t "$pane" q
after_run
check "procs, child killed: q exits 1" test "$(status)" = 1
check "procs, child killed: no process of the run remains" no_process_left
check "procs, child killed: the terminal's modes are back" terminal_back
check "procs, child killed: alternate screen, keypad and mouse left, cursor shown" modes_back
close_pane

# Ctrl-C typed: the terminal sends SIGINT to the whole foreground group,
# the forked process too, which must not outlive or confuse the run.
launch procs
T send-keys -t "$pane" C-c
after_run
check "procs, Ctrl-C: exit 130" test "$(status)" = 130
check "procs, Ctrl-C: no process of the run remains" no_process_left
check "procs, Ctrl-C: the terminal's modes are back" terminal_back
check "procs, Ctrl-C: alternate screen, keypad and mouse left, cursor shown" modes_back
close_pane

# The terminal goes away (its window closed: the pane's session killed):
# the kernel hangs up the whole foreground group, whose output now fails.
for scn in threads procs; do
	launch "$scn"
	T kill-session -t "$pane"
	check "$scn, terminal closed: no process of the run remains" no_process_left
done

# A full disk (a file-size limit) under a recorded run typed in the pane:
# the error is said, the old trace stays whole, no partial file is left.
open_pane
cp "$KS_TESTDATA/traces/kitchen.kst" "$tmp/full.kst"
pids=
T send-keys -t "$pane" "clear; stty -g >before; (ulimit -f 2 && exec '$KITCHENSYNC' run --record full.kst '$KS_TESTDATA/valid/race.ks' >/dev/null 2>err)" C-j
after_run
check "full disk: exit 1" test "$(status)" = 1
check "full disk: says why" grep -q "full.kst: error: writing the trace: File too large" "$tmp/err"
check "full disk: the old trace is untouched" cmp -s "$tmp/full.kst" "$KS_TESTDATA/traces/kitchen.kst"
check "full disk: no temporary file is left" sh -c "! ls '$tmp'/full.kst.partial-* >/dev/null 2>&1"
check "full disk: the terminal's modes are back" terminal_back
check "full disk: alternate screen, keypad and mouse left, cursor shown" modes_back
close_pane

done_testing
