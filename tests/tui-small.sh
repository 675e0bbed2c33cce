#!/bin/sh
# tui-small.sh: what the lessons talk about stays on a small screen, and the
# screen's figures and text agree with the program's own: the server lesson at
# 80x24 (its group label whole, its metric strips chosen by priority and a
# sign for those left out), the header's title cut at a word, the request's
# `call` as `show` prints it, and } moving the cursor on at every press.
. "$KS_SRCDIR/tests/tap.sh"

SOCK=ks-small-$$ WAIT_S=10
. "$KS_SRCDIR/tests/tmux.sh"

cat >"$tmp/rc" <<'RC'
PS1='ks$ '
RC
T -f /dev/null new-session -d -s ks -x 80 -y 24 "env -u TMUX ENV=$tmp/rc sh -i" || exit 99
shell_pid=$(T display-message -p -t ks '#{pane_pid}')
T send-keys -t ks "export XDG_STATE_HOME='$tmp/state' KITCHENSYNC_PATH= LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color; cd '$tmp'" Enter
wait_for 'ks$' >/dev/null

# strips: how many metric strips are on screen, plus those the sign says are not.
strips() {
	shown=$(screen | grep -Ec '^  (Request (in flight|done/s|latency p50|latency p99)|threads|memory) ')
	hidden=$(screen | sed -n 's/^time +\([0-9]*\) strips\{0,1\} not shown.*/\1/p')
	echo $((shown + ${hidden:-0}))
}

T send-keys -t ks "'$KITCHENSYNC' --no-progress run server" Enter
check "the server lesson opens at 80x24" wait_re "^  memory +[0-9.]+ (KiB|MiB) "
check "the group label is whole: Request ×400" wait_re "▸ Request ×400 "
check "the threads strip is kept (lesson 9.2)" wait_re "^  threads +[0-9]+ "
check "the memory strip is kept, in a unit that shows it" wait_re "^  memory +[0-9]+ KiB|^  memory +[0-9]+\.[0-9] MiB"
check "every strip is shown or counted by the sign" test "$(strips)" -eq 6
check "the memory strip never reads 0.0 MiB" sh -c '! tmux -L "$1" capture-pane -p -t ks | grep -q "0\.0 MiB"' - "$SOCK"
T send-keys -t ks q
wait_for 'ks$' >/dev/null

T resize-window -t ks -x 100 -y 30
T send-keys -t ks "clear; '$KITCHENSYNC' --no-progress run server" Enter
check "the server opens at 100x30" wait_for "Request ×400"
# "A server under load: threads or an event loop" does not fit: cut after a word, with an ellipsis.
check "the header's title is cut at a word, with an ellipsis" \
	wait_re "^ server A server under load:( [a-z]+)*… \[1/6 pool"
T send-keys -t ks 2
check "the request's call reads as show prints it" wait_for "call requests me for 500ms else"
T send-keys -t ks q
wait_for 'ks$' >/dev/null

# Tutorial 1.4: select Noodles and press } "until the time cursor reaches the
# end of that sleep": the first press puts the cursor on Noodles' first event,
# the next skips what that column holds and lands where the pool wakes it.
T send-keys -t ks "clear; '$KITCHENSYNC' replay '$KS_TESTDATA/traces/noodle-offloaded.kst'" Enter
check "the replay opens" wait_for "pool 1"
T send-keys -t ks 2 '}'
check "} puts the cursor on" wait_for "State (at the cursor)"
T send-keys -t ks '}'
check "a second } reaches the end of the sleep" wait_re "^ +3\.[0-9]+s pool 1 wakes Noodles"
T send-keys -t ks q
wait_for 'ks$' >/dev/null
done_testing
