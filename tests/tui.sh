#!/bin/sh
# tui.sh: the real binary in tmux on a private socket: the picker, a scenario,
# step mode into a lost update, pause, resize, quit; the terminal comes back
# and no process is left behind.
. "$KS_SRCDIR/tests/tap.sh"

SOCK=ks-test-$$ WAIT_S=5
. "$KS_SRCDIR/tests/tmux.sh"

# line_with TEXT: the first screen line containing TEXT.
line_with() { screen | grep -F -- "$1" | head -n 1; }
# prompt_back: the shell answers, so the terminal is in its normal mode again.
# (dash says "turning off NDELAY mode" when it finds the terminal left non-blocking.)
# Keys typed before kitchensync has gone are its own (it discards them on exit),
# so wait for it to end first, as a person waits for the prompt.
prompt_back() {
	no_procs >/dev/null || return 1
	T send-keys -t ks 'echo back-$((40+2))' Enter
	wait_for "back-42" || return 1
	case $(screen) in *NDELAY*) echo "# the terminal was left non-blocking"; return 1;; esac
}
# esc_until TEXT: presses Esc (closing what is open, one at a time) until TEXT shows.
esc_until() {
	k=0
	while [ $k -lt 5 ]; do
		T send-keys -t ks Escape
		wait_for "$1" >/dev/null && return 0
		k=$((k + 1))
	done
	wait_for "$1"
}
# pid_of_ks: the kitchensync process in the pane.
pid_of_ks() { procs | awk '$2 == "kitchensync" { print $1; exit }'; }
# settle PID: waits (up to 60 s) until PID's bytes written and CPU time have
# stayed the same for 1 s.
settle() {
	last= still=0 i=0
	while [ $still -lt 4 ] && [ $i -lt 240 ]; do
		now="$(awk '/^wchar/ { print $2 }' "/proc/$1/io" 2>/dev/null) $(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null)"
		if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; fi
		last=$now
		sleep 0.25
		i=$((i + 1))
	done
}

cat >"$tmp/rc" <<'RC'
PS1='ks$ '
RC
T -f /dev/null new-session -d -s ks -x 100 -y 30 "env -u TMUX ENV=$tmp/rc sh -i" || exit 99
shell_pid=$(T display-message -p -t ks '#{pane_pid}')
T send-keys -t ks "export XDG_STATE_HOME='$tmp/state' KITCHENSYNC_PATH='$KS_TESTDATA/valid' LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color; cd '$tmp'" Enter
wait_for 'ks$' >/dev/null

# README.md's "Your first lost update, by hand", key for key, on the shipped
# race (KITCHENSYNC_PATH empty: the build tree's scenarios/ only).
# The picker: filter by typing, open with Enter.
T send-keys -t ks "KITCHENSYNC_PATH= '$KITCHENSYNC'" Enter
check "the picker opens" wait_for "pick a scenario"
check "the picker lists scenarios with titles" wait_for "Deadlock: knife and board"
T send-keys -t ks r a c e
check "typing filters the list" wait_gone "Deadlock"
check "the filtered list has the shipped race" wait_for "Race: two cooks, one count"
T send-keys -t ks Enter
check "Enter opens the scenario" wait_for "Cook A"
check "the race opens as a challenge" wait_for "Make the board lose an order"
check "... in step mode" wait_for "STEP"

# Step mode: play scheduler into a lost update: 1 n n 2 n n 1 n.
before=$(line_with "1 Cook A")
check "Cook A takes its first step" grant 1
check "Cook A's first step is its say" wait_for "orders += 1 is two steps"
check "Cook A's row changed" sh -c '[ "$1" != "$2" ]' - "$before" "$(line_with "1 Cook A")"
check "the program pane shows Cook A's next op" wait_for "load orders"
grant 1
check "stepping Cook A reads orders" wait_for "Cook A reads orders = 0"
grant 2
check "stepping Cook B reads orders" wait_for "Cook B reads orders = 0"
grant 2
check "Cook B writes 1" wait_for "Cook B writes orders = 1"
grant 1
check "Cook A's write loses an update" wait_for "LOST UPDATE: Cook A overwrote Cook B's write to orders"
check "... which solves the challenge" wait_for "Challenge solved in 5 steps!"
check "the state pane shows orders = 1" wait_for "orders = 1"
T send-keys -t ks u
check "undo re-runs to one step before" wait_gone "LOST UPDATE"
check "undo keeps Cook B's write" wait_for "Cook B writes orders = 1"

# Help overlay.
T send-keys -t ks '?'
check "? shows the help" wait_for "pause or resume the run"
check "the help's legend has the state glyphs of kitchensync(1)" wait_for "◦ awaiting  ⋈ joining"
check "... and deadlocked and failed as the headless timeline draws them" wait_for "✖ deadlocked  ! failed"
check "the help's legend has the row marks" wait_for '" narration  L load  S store  ◆ lock taken  > push  < pop'
T send-keys -t ks Escape
check "Esc closes the help" wait_gone "pause or resume the run"

# Resize below the minimum and back.
T resize-window -t ks -x 70 -y 20
check "a small terminal asks to be enlarged" wait_for "enlarge the terminal"
T resize-window -t ks -x 100 -y 30
check "the view comes back after growing" wait_for "Cook A"
check "no leftovers of the small screen" wait_gone "enlarge the terminal"

T send-keys -t ks q
check "q quits to the shell" prompt_back
check "no process is left" no_procs

# Live mode, paused: the screen is still and writes nothing.
T send-keys -t ks "clear; '$KITCHENSYNC' run --speed 0.1 race" Enter
check "run opens the view" wait_for "Cook A"
T send-keys -t ks Space
check "space pauses" wait_for "PAUSED"
pid=$(pid_of_ks)
# Ops already under way finish first (a 20 ms work at speed 0.1 spins for
# 200 ms of CPU time, much longer on a busy machine): wait until neither the
# bytes written nor the CPU time has moved for a second, then measure.
settle "$pid"
w1=$(awk '/^wchar/ { print $2 }' "/proc/$pid/io" 2>/dev/null)
t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null)
sleep 2
w2=$(awk '/^wchar/ { print $2 }' "/proc/$pid/io" 2>/dev/null)
t2=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null)
check "a paused screen writes no bytes ($w1 -> $w2)" test -n "$w1" -a "$w1" = "$w2"
# Under 1% of a CPU over 2 s is under 2 clock ticks (100 Hz).
check "a paused screen uses under 1% CPU ($((t2 - t1)) ticks in 2 s)" test $((t2 - t1)) -le 2
T send-keys -t ks Space
check "space resumes" wait_gone "PAUSED"
T send-keys -t ks +
check "+ speeds up the running run at once" wait_for "speed x0.2: from the next step on"
T send-keys -t ks C-c
check "Ctrl-C restores the terminal" prompt_back
check "no process is left after Ctrl-C" no_procs

# The shipped deadlock scenario (README: "Open deadlock the same way"): its
# challenge at once (a steered run asks no question: scenario(5)), played by
# following the hint (h) step by step; it locks up and shows its cycle.
T send-keys -t ks "clear; KITCHENSYNC_PATH= '$KITCHENSYNC' run deadlock" Enter
check "deadlock opens on its challenge" wait_for "Get both cooks stuck for ever"
check "... with no question before it" test -z "$(screen | grep -F 'Predict, then watch')"
check "following the hint deadlocks the cooks" follow_hint "✖deadlock" 12
check "... which solves the challenge" wait_for "★ Challenge solved in 8 steps!"
check "... and judges no prediction in the same box" test -z "$(screen | grep -F 'you said')"
T send-keys -t ks Escape
check "Esc closes the box" wait_gone "Challenge solved in"
check "the deadlock is shown as its cycle" wait_for "Cook A -> board -> Cook B -> knife -> Cook A"
check "the rows say deadlock, with the deadlocked glyph" wait_for "✖deadlock"
# SIGTERM from outside also restores the terminal.
pid=$(pid_of_ks)
kill -TERM "$pid"
check "SIGTERM restores the terminal" prompt_back
check "no process is left after SIGTERM" no_procs

# A fault in the UI process itself (a failed assert() raises SIGABRT): the
# handler restores the terminal before the process dies.
T send-keys -t ks "clear; '$KITCHENSYNC' run --step race" Enter
check "the view opens in step mode" wait_for "STEP"
pid=$(pid_of_ks)
kill -ABRT "$pid"
check "SIGABRT restores the terminal" prompt_back
check "no process is left after SIGABRT" no_procs

# A process scenario: children are reaped on quit.
T send-keys -t ks "clear; '$KITCHENSYNC' run --speed 0.01 whiteboard" Enter
check "a process scenario opens" wait_for "process"
T send-keys -t ks q
check "q quits a process scenario" prompt_back
check "no scenario process is left" no_procs

# The exit status says how the run went, as a headless run's does: an
# expectation not met is 1 after q; SIGQUIT restores the terminal too.
cat >"$tmp/unmet.ks" <<'KS'
title "An expectation that does not hold"
var x = 0
thread "A" { x = 1 }
expect x == 2
KS
T send-keys -t ks "clear; '$KITCHENSYNC' run '$tmp/unmet.ks'; echo status=\$?" Enter
check "the run with an unmet expectation ends" wait_for "END"
T send-keys -t ks q
check "q after an unmet expectation exits 1" wait_for "status=1"
T send-keys -t ks "clear; '$KITCHENSYNC' run --speed 0.01 race; echo status=\$?" Enter
check "the race opens" wait_for "Cook A"
pid=$(pid_of_ks)
kill -QUIT "$pid"
check "SIGQUIT exits 131" wait_for "status=131"
check "SIGQUIT restores the terminal" prompt_back
check "no process is left after SIGQUIT" no_procs

# The server lesson (kitchensync-tutorial(7), LESSON 9) on the shipped scenario:
# the pool's queue grows and its requests time out live; c compares the five
# variants with their totals; e opens the family's group row and Enter folds it.
T send-keys -t ks "clear; '$KITCHENSYNC' run '$KS_SRCDIR/scenarios/server.ks'" Enter
check "server opens on the pool variant" wait_for "pool: A pool of four threads"
check "the 400 requests are one group row" wait_for "Request ×400"
check "the queue of requests grows past 100" wait_re "requests: [1-9][0-9][0-9]+ \["
check "requests time out within the first seconds" wait_re "Request ×400 +task +∅ *[0-9]+ timed"
check "metric strips sum up the crowd" wait_re "Request in flight +[0-9]+ "
T send-keys -t ks c
check "c runs every variant on one axis" wait_for "offload: The loop, the call offloaded"
check "the pool's totals: most requests timed out" \
	wait_re "Request: [0-9]+ in time, [1-9][0-9][0-9] timed out, 0 refused, p99 [0-9.]+m?s" 30
check "a thread per request: creation refused past the limit" \
	wait_re "Request: [0-9]+ in time, 0 timed out, [1-9][0-9]* refused, .*threads 16" 30
check "one loop: every request in time on one thread" \
	wait_re "Request: 400 in time, 0 timed out, 0 refused, p99 [0-9.]+ms; threads 1," 30
check "the blocking call: requests time out on one thread" \
	wait_re "Request: [0-9]+ in time, [1-9][0-9]* timed out, 0 refused, p99 [0-9.]+s; threads 1," 30
check "offloaded: every request in time again" \
	wait_re "Request: 400 in time, 0 timed out, 0 refused, p99 [0-9.]+ms; threads 1," 30
T send-keys -t ks c
check "c goes back to the variant" wait_gone "Every variant on one time axis"
T send-keys -t ks Down
check "Down selects the group row" wait_re "▶ +[0-9]+ +▸ Request ×400"
check "the state pane counts the members per state" wait_re "│Request: [0-9]+ "
T send-keys -t ks e
check "e opens the group row" wait_re "▾ Request ×400"
check "its members have rows of their own" wait_re "^ +[0-9]+ +Request 1 +task"
T send-keys -t ks Enter
check "Enter on the group row folds it" wait_re "▸ Request ×400"
T send-keys -t ks q
check "q quits the server lesson" prompt_back
check "no process is left after the server lesson" no_procs

# A loop's pool thread gets a row (kitchensync-tutorial(7) 1.4), in step mode on
# the shipped noodle: grant Noodles its say and its offload, and the pool thread
# sleeps for it: three seconds of scenario time, drawn at once in the offload's
# step (its four columns on the step axis), then idle.
T send-keys -t ks "clear; KITCHENSYNC_PATH= '$KITCHENSYNC' run --step --speed 0.01 --variant offloaded noodle" Enter
check "offloaded noodle opens in step mode" wait_for "STEP"
check "no pool row before anything is offloaded" test -z "$(line_with "pool 1")"
# grant_until REGEX: n (a step for the selected worker) until a line matches REGEX:
# a worker back in the run queue may not be waiting for its grant yet ("not waiting
# for a step"); the step it takes is the same whenever it is granted.
grant_until() {
	i=0
	while [ $i -lt 100 ]; do
		T send-keys -t ks n
		j=0
		while [ $j -lt 10 ]; do
			screen | grep -Eq -- "$1" && return 0
			sleep 0.05
			j=$((j + 1))
		done
		i=$((i + 1))
	done
	wait_re "$1" 1
}
T send-keys -t ks 2
check "Noodles says it offloads" grant_until "Noodles: The blocking call runs on the thread"
check "the offload gives the pool thread a row, asleep for Noodles, then idle" \
	grant_until "^ +P +pool 1 +thread +idle {5,}zzzz *$"
check "its row comes after the loop's tasks" sh -c '[ "$1" -eq "$2" ]' - \
	"$(screen | grep -n '4   Phone' | cut -d: -f1)" "$(( $(screen | grep -n 'pool 1  ' | head -n 1 | cut -d: -f1) - 1 ))"
T send-keys -t ks 4 Down
check "the pool row cannot be selected: Down from the last task wraps to the loop" wait_re "^▶ +1 You"
T send-keys -t ks q
check "q quits the offloaded noodle" prompt_back
check "no process is left after the offloaded noodle" no_procs
# ... and a recorded run of it, replayed: the three seconds asleep, then idle.
T send-keys -t ks "clear; '$KITCHENSYNC' replay '$KS_TESTDATA/traces/noodle-offloaded.kst'" Enter
check "the replay has the pool row, asleep most of the run" wait_re "^ +P +pool 1 +thread +idle +z{30}"
T send-keys -t ks q
check "q quits the replay" prompt_back

# The picker on the shipped scenarios: lesson order with lesson numbers; the
# filter matches names first; Esc back from a scenario empties the filter.
T send-keys -t ks "clear; KITCHENSYNC_PATH= '$KITCHENSYNC'" Enter
check "the picker numbers the lessons" wait_re "^. +1 noodle +Noodles"
check "lesson 3 comes after lesson 2" sh -c '[ "$1" -lt "$2" ]' - \
	"$(screen | grep -n ' 2 kitchen ' | cut -d: -f1)" "$(screen | grep -n ' 3 race ' | cut -d: -f1)"
T send-keys -t ks s t o v
check "stov: the scenario named stoves comes first" wait_re "^▶ +8 stoves"
T send-keys -t ks Enter
check "stov + Enter opens stoves" wait_re "^ stoves "
check "... which asks its question first" wait_for "Predict, then watch"
check "Esc skips the question, then goes back to the picker" esc_until "pick a scenario"
check "... with the filter emptied" wait_re "Filter \(type to search\): _ *$"
check "... and every scenario listed" wait_re "^. +1 noodle "
T send-keys -t ks Escape
check "Esc with an empty filter quits the picker" prompt_back
# q quits everywhere (kitchensync(1)), the picker too, a filter typed or not.
T send-keys -t ks "clear; KITCHENSYNC_PATH= '$KITCHENSYNC'" Enter
check "the picker opens again" wait_for "pick a scenario"
T send-keys -t ks r a
check "ra filters the list" wait_gone "Deadlock"
T send-keys -t ks q
check "q quits the picker with a filter typed" prompt_back

T send-keys -t ks exit Enter
done_testing
