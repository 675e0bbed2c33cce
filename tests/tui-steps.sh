#!/bin/sh
# tui-steps.sh: step mode draws steps.  README.md's race challenge at 80x24:
# each granted step gets its own columns on the timeline (a step axis), the
# ruler numbers the steps and says the scenario time, zoom keeps the numbers
# distinct; and the headless timeline of the same schedule draws the same steps.
. "$KS_SRCDIR/tests/tap.sh"

SOCK=ks-steps-$$ WAIT_S=5
. "$KS_SRCDIR/tests/tmux.sh"

# no_line REGEX: no line of the screen matches REGEX.
no_line() { ! screen | grep -Eq -- "$1"; }

cat >"$tmp/rc" <<'RC'
PS1='ks$ '
RC
T -f /dev/null new-session -d -s ks -x 80 -y 24 "env -u TMUX ENV=$tmp/rc sh -i" || exit 99
shell_pid=$(T display-message -p -t ks '#{pane_pid}')
T send-keys -t ks "export XDG_STATE_HOME='$tmp/state' KITCHENSYNC_PATH= LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color; cd '$tmp'" Enter
wait_for 'ks$' >/dev/null

T send-keys -t ks "'$KITCHENSYNC' --no-progress run race" Enter
check "the race opens as a challenge in step mode" wait_for "Make the board lose an"
grant 1; grant 1; grant 2; grant 2; grant 1
check "the challenge is solved in 5 steps" wait_for "Challenge solved in 5 steps!"
check "the ruler numbers the five steps, one tick each" wait_re "^step 5 of 5, at [0-9]+ns +┴1──┴2──┴3──┴4──┴5──"
# Cook A runs steps 1, 2 and 5 (its say, its load, its store); Cook B 3 and 4.
check "Cook A's row: its steps are its own columns" wait_re '^▶ 1 Cook A +thread +░ready +██"░██L░{9}█[█S]S'
check "Cook B's row: running only in steps 3 and 4" wait_re '^  2 Cook B +thread +░ready +░░░░░░░░██L░██S░░░░░$'

# On past a `work 400ms`: B cooks (400 ms), A cooks (400 ms), A loads: step 8
# begins at 800 ms of scenario time, and the steps keep their numbers.
T send-keys -t ks Escape
grant 2; grant 1; grant 1
check "steps past a 400 ms work are still numbered" wait_re "^step 8 of 8, at 800.0ms +┴1──┴2──┴3──┴4──┴5──┴6──┴7──┴8──"
T send-keys -t ks z
check "zoomed in: fewer steps, wider, numbered" wait_re "^step 8 of 8, at 800.0ms +┴5─+┴6─+┴7─+┴8─+$"
check "... and no time label repeats along the ruler" no_line "800.0ms.*800.0ms"
T send-keys -t ks '['
check "[ puts the cursor on a step and says which" wait_re "^step 8 of 8"
T send-keys -t ks '['
check "[ again: the step before" wait_re "^step 7 of 8, at 400.0ms +┴5─+┴6─+▼7"
T send-keys -t ks Z Z
check "zoomed out again: every step" wait_re "┴1──┴2──┴3──┴4──┴5──┴6──"
T send-keys -t ks q
wait_for 'ks$' >/dev/null

# The headless timeline of the same five steps (the schedule goes on with the
# lowest ready worker to the end: 31 steps, two columns each) draws them alike.
out=$("$KITCHENSYNC" run --headless --width 80 --schedule 1,1,2,2,1 --variant unsafe \
	"$KS_SRCDIR/scenarios/race.ks" 2>&1)
has() { echo "$out" | grep -Eq -- "$1" || { echo "# no line matches $1 in:"; echo "$out" | sed 's/^/#  /'; return 1; }; }
check "headless: a step ruler" has "^step +1 2 3 4 5 6 7 8 9 10 +15 +20"
check "headless: Cook A's steps" has "^A thread Cook A ████░░░░██░░"
check "headless: Cook B's steps" has "^B thread Cook B ░░░░████░░██"
check "headless: the legend says what a step is" has "one step = 2 columns; 31 steps took 4s of scenario time"
done_testing
