#!/bin/sh
# tui-learn.sh: challenges, questions and progress in the real binary, in tmux
# on a private socket: solve a challenge by keys and see the success; answer
# a question wrongly and see the reveal; the progress survives a restart and
# a corrupted file; --no-progress writes nothing.  Every wait is for a screen
# state, never a fixed time.
. "$KS_SRCDIR/tests/tap.sh"

SOCK=ks-learn-$$ WAIT_S=10
. "$KS_SRCDIR/tests/tmux.sh"

# prompt_back: kitchensync has gone (keys typed before are its own) and the shell answers.
prompt_back() {
	i=0
	while [ -n "$(procs)" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -z "$(procs)" ] || { echo "# kitchensync did not end"; return 1; }
	T send-keys -t ks 'clear; echo back-$((40+2))' Enter
	wait_for "back-42"
}
# has_line FILE LINE: FILE holds LINE exactly.
has_line() { grep -qxF -- "$2" "$1" 2>/dev/null && return 0; echo "# $1:"; sed 's/^/#  /' "$1" 2>/dev/null; return 1; }

state=$tmp/state
progress=$state/kitchensync/progress
cat >"$tmp/rc" <<'RC'
PS1='ks$ '
RC
T -f /dev/null new-session -d -s ks -x 100 -y 30 "env -u TMUX ENV=$tmp/rc sh -i" || exit 99
shell_pid=$(T display-message -p -t ks '#{pane_pid}')
T send-keys -t ks "export KITCHENSYNC_PATH='$KS_TESTDATA/learn' XDG_STATE_HOME='$state' LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color; cd '$tmp'" Enter
wait_for 'ks$' >/dev/null

# A challenge: lose an update by hand, A and B each read, then each write.
T send-keys -t ks "clear; '$KITCHENSYNC' run --variant play playrace" Enter
check "a challenge opens in step mode" wait_for "STEP"
check "its goal stands on screen" wait_for "☆ Make the board lose an order"
check "the key bar names the hint key" wait_for "u undo h hint"
T send-keys -t ks h
check "h shows the hint" wait_for "Let both cooks read before either writes."
check "... and who moves next on a shortest way" wait_for "Next on a shortest way: 1 Cook A (the goal is 4"
grant 1
check "Cook A reads" wait_for "Cook A reads orders = 0"
grant 2
check "Cook B reads" wait_for "Cook B reads orders = 0"
grant 1
check "Cook A writes" wait_for "Cook A writes orders = 1"
check "not solved yet" wait_gone "Challenge solved"
grant 2
check "the fourth step solves it" wait_for "★ Challenge solved in 4 steps!"
check "... in the fewest steps possible" wait_for "The fewest possible is 4: you found a shortest way."
check "... with the explanation" wait_for "Both read 0 and both wrote 1: one order vanished."
check "the progress file keeps it" has_line "$progress" "solved playrace play 4 4"
T send-keys -t ks u
check "u undoes the step that solved it" wait_gone "Challenge solved"
check "... replaying the steps before it" wait_for "Cook A writes orders = 1"
check "... and the goal is to reach again" wait_for "☆ Make the board lose an order"
T send-keys -t ks q
check "q quits the challenge" prompt_back

# A question, answered wrongly: "3" never holds; neither does 7.
T send-keys -t ks "clear; '$KITCHENSYNC' run --variant guess playrace" Enter
check "the question comes before the run" wait_for "Predict, then watch: question 1 of 2"
check "... with its choices" wait_for "2 b) fewer than 2"
T send-keys -t ks c
check "a letter picks a choice" wait_for "▶ 3 c) 3"
T send-keys -t ks Enter
check "the next question asks for a number" wait_for "Predict, then watch: question 2 of 2"
T send-keys -t ks 7 Enter
check "the run ends and reveals the answers" wait_for "Not this time: you said 3"
check "... what happened" wait_for "What happened: "
check "... the number question too" wait_for "Not this time: you said 7; it was"
check "... and the explanation" wait_for "One cook at a time here"
check "the progress file keeps the answer" has_line "$progress" "answer playrace guess 0 wrong"
T send-keys -t ks Escape
check "Esc closes the reveal" wait_gone "Not this time"
T send-keys -t ks q
check "q quits the question" prompt_back

# A restart: the picker marks what was done.
T send-keys -t ks "clear; '$KITCHENSYNC'" Enter
check "the picker opens" wait_for "pick a scenario"
T send-keys -t ks p l a y r
check "the picker marks the lesson seen, the questions answered, the challenge's steps" wait_for "✓ ?2/2 ★4"
check "... and says what the marks mean" wait_for "✓ seen"
T send-keys -t ks Escape Escape
check "Esc Esc quits the picker" prompt_back

# A corrupted progress file: a warning, no marks, no crash; kept aside when saved.
printf 'kitchensync-progress 1\nseen playrace\nsolved \001\377 garbage\n' >"$progress"
T send-keys -t ks "clear; '$KITCHENSYNC'" Enter
check "a damaged progress file is said" wait_for "the progress file is damaged"
T send-keys -t ks p l a y r
check "... and none of it is taken" wait_for "☆"
check "... (no seen mark)" wait_gone "✓ ?"
T send-keys -t ks Enter
check "a scenario still opens" wait_for "Make the board lose an order"
T send-keys -t ks q
check "q quits" prompt_back
check "the damaged file is kept aside" test -f "$progress.damaged"
check "a sound file replaces it" has_line "$progress" "seen playrace"

# --no-progress: nothing read (no marks), nothing written.
rm -rf "$state"
T send-keys -t ks "clear; '$KITCHENSYNC' --no-progress" Enter
check "the picker opens without progress" wait_for "pick a scenario"
check "... and without the marks' legend" wait_gone "✓ seen"
T send-keys -t ks p l a y r Enter
check "a scenario opens" wait_for "Make the board lose an order"
grant 1
check "a step is taken" wait_for "Cook A reads orders = 0"
T send-keys -t ks q
check "q quits" prompt_back
T send-keys -t ks "clear; '$KITCHENSYNC' run --no-progress --variant guess playrace" Enter
check "run --no-progress asks the question too" wait_for "question 1 of 2"
T send-keys -t ks Escape
check "Esc skips the questions; the run reveals" wait_for "You skipped it."
T send-keys -t ks q
check "q quits" prompt_back
check "--no-progress wrote nothing" test ! -e "$state"

T send-keys -t ks exit Enter
done_testing
