#!/bin/sh
# tui-verdict.sh: the scenario view's end line is the verdict a headless run
# and its replay print, and quitting exits with the same status.
. "$KS_SRCDIR/tests/tap.sh"

SOCK=ks-verdict-$$ WAIT_S=20
. "$KS_SRCDIR/tests/tmux.sh"

cat >"$tmp/rc" <<'RC'
PS1='ks$ '
RC
T -f /dev/null new-session -d -s ks -x 100 -y 30 "env -u TMUX ENV=$tmp/rc sh -i" || exit 99
shell_pid=$(T display-message -p -t ks '#{pane_pid}')
T send-keys -t ks "export XDG_STATE_HOME='$tmp/state' LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color; cd '$tmp'" Enter
wait_for 'ks$' >/dev/null
race=$KS_SRCDIR/scenarios/race.ks

# RUN ARGS...: the scenario view of a live run, its question skipped, to its end.
run_tui() {
	T send-keys -t ks "clear; '$KITCHENSYNC' run $*; echo status=\$?" Enter
	wait_for "Esc skips" >/dev/null && T send-keys -t ks Escape
}

# A lesson shown: the race's slow variant loses orders every round.
ks run --headless --speed 10 --variant slow "$race"
check "headless: the slow race shows its lesson" contains "$out" "; the lesson is shown: this can happen"
check "headless: exit 0" test "$rc" -eq 0
run_tui --speed 10 --variant slow "'$race'"
check "the view's end line is the verdict" wait_re "^ finished, [0-9]+ updates? lost; the lesson is shown: this can happen"
T send-keys -t ks q
check "q exits 0, as the headless run" wait_for "status=0"

# Every expectation met, and one not met: the same words as a headless run.
ks run --headless --speed 10 --variant locked "$race"
check "headless: the locked race meets its expectation" contains "$out" "Verdict: finished; every expectation met"
run_tui --speed 10 --variant locked "'$race'"
check "the view says every expectation met" wait_re "^ finished; every expectation met"
T send-keys -t ks q
check "q exits 0" wait_for "status=0"

cat >"$tmp/unmet.ks" <<'KS'
title "An expectation that does not hold"
var x = 0
thread "A" { x = 1 }
expect x == 2
KS
ks run --headless "$tmp/unmet.ks"
check "headless: 1 expectation not met" contains "$out" "Verdict: finished; 1 expectation not met"
T send-keys -t ks "clear; '$KITCHENSYNC' run '$tmp/unmet.ks'; echo status=\$?" Enter
check "the view says 1 expectation not met" wait_re "^ finished; 1 expectation not met"
check "the state pane marks it" wait_for "NOT met: x == 2"
T send-keys -t ks q
check "q exits 1, as the headless run" wait_for "status=1"
done_testing
