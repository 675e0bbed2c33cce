#!/bin/sh
# lang.sh: `kitchensync check` over the valid and bad corpus and scenarios/;
# `show` and `list` on the real binary.
. "$KS_SRCDIR/tests/tap.sh"

for f in "$KS_TESTDATA"/valid/*.ks; do
	ks check "$f"
	check "valid: $(basename "$f") checks clean" test "$rc" -eq 0 -a -z "$err"
done
for f in "$KS_TESTDATA"/bad/*.ks; do
	ks check "$f"
	# exit status 2 (not a crash: a signal gives 128+N) and a located error
	check "bad: $(basename "$f") exits 2" test "$rc" -eq 2
	check "bad: $(basename "$f") has a located error" contains "$err" "$f:"
done
for f in "$KS_SRCDIR"/scenarios/*.ks; do
	[ -e "$f" ] || continue
	ks check "$f"
	check "scenario: $(basename "$f") checks clean" test "$rc" -eq 0 -a -z "$err"
done

# One rule for predictions and challenges (scenario(5)): a question is asked
# about a run the learner does not steer, so no variant has both; check says
# where, at each question of a steered variant.
ks check "$KS_TESTDATA/bad/question_in_challenge.ks"
check "a question in a challenge's variant: located at the top-level question" \
	contains "$err" "question_in_challenge.ks:8:1: error: variant 'play' has a challenge, so it asks no question"
check "... and at the variant's own question" \
	contains "$err" "question_in_challenge.ks:14:3: error: variant 'play' has a challenge, so it asks no question"
check "... with the challenge pointed at" contains "$err" "question_in_challenge.ks:13:3: note: the challenge is here"
lacks() { case $1 in *"$2"*) printf '# did not expect: %s\n' "$2"; return 1;; esac; }
check "... and the watched variant is not blamed" lacks "$err" "variant 'watch'"
# and no shipped variant does it, whatever check says: show prints a variant's
# challenge and questions
for f in "$KS_SRCDIR"/scenarios/*.ks; do
	[ -e "$f" ] || continue
	vs=$(sed -n 's/^variant \([A-Za-z0-9_]*\).*/\1/p' "$f")
	for v in ${vs:-main}; do
		if [ -n "$vs" ]; then ks show --variant "$v" "$f"; else ks show "$f"; fi
		both=no
		case "$out" in *'challenge "'*) case "$out" in *'question "'*) both=yes ;; esac ;; esac
		check "scenario: $(basename "$f" .ks)/$v does not both challenge and ask" test "$both" = no
	done
done

# the man page's worked example is a valid scenario
ks_tmp=$(mktemp -d) || exit 99
awk '/^\.Sh EXAMPLES/ { ex = 1 } ex && /^\.Ed/ { exit } ex && on { print } ex && /^\.Bd -literal/ { on = 1 }' \
	"$KS_SRCDIR/man/kitchensync-scenario.5" >"$ks_tmp/race.ks"
ks check "$ks_tmp/race.ks"
check "the man page's worked example checks clean" test "$rc" -eq 0 -a -z "$err"
check "the worked example is there" contains "$(cat "$ks_tmp/race.ks")" "variant locked"
# and so is its crowd
awk '/^A crowd:/ { ex = 1 } ex && /^\.Ed/ { exit } ex && on { print } ex && /^\.Bd -literal/ { on = 1 }' \
	"$KS_SRCDIR/man/kitchensync-scenario.5" >"$ks_tmp/crowd.ks"
printf 'title "Crowd"\n' >>"$ks_tmp/crowd.ks"
ks check "$ks_tmp/crowd.ks"
check "the man page's crowd example checks clean" test "$rc" -eq 0 -a -z "$err"
check "the crowd example is there" contains "$(cat "$ks_tmp/crowd.ks")" 'thread "Client" * 20 every ~10ms deadline 300ms'
# and its call and reply, which runs with its expectation met
awk '/^A worker pops a request/ { ex = 1 } ex && /^\.Ed/ { exit } ex && on { print } ex && /^\.Bd -literal/ { on = 1 }' \
	"$KS_SRCDIR/man/kitchensync-scenario.5" >"$ks_tmp/call.ks"
printf 'title "Call"\n' >>"$ks_tmp/call.ks"
ks check "$ks_tmp/call.ks"
check "the man page's call/reply example checks clean" test "$rc" -eq 0 -a -z "$err"
check "the call/reply example is there" contains "$(cat "$ks_tmp/call.ks")" 'reply jobs j'
ks run --headless --speed 4 "$ks_tmp/call.ks"
check "the call/reply example runs with its expectation met" test "$rc" -eq 0
check "... and every call was answered or given up" contains "$out" "40 finished in time"
# and its challenge and questions, which show prints
awk '/^A challenge and a question on/ { ex = 1 } ex && /^\.Ed/ { exit } ex && on { print } ex && /^\.Bd -literal/ { on = 1 }' \
	"$KS_SRCDIR/man/kitchensync-scenario.5" >"$ks_tmp/buy.ks"
ks check "$ks_tmp/buy.ks"
check "the man page's challenge example checks clean" test "$rc" -eq 0 -a -z "$err"
ks show "$ks_tmp/buy.ks"
check "show prints the example's challenge" contains "$out" 'challenge "Sell the last item twice"'
check "... its goal" contains "$out" "goal final stock < 0"
ks show --variant guarded "$ks_tmp/buy.ks"
check "... and the watched variant's questions" contains "$out" 'choice b "Buyer B" when first "Buyer B"'
rm -rf "$ks_tmp"

# check prints every error of every file and fails when any file is bad
ks check "$KS_TESTDATA/valid/race.ks" "$KS_TESTDATA/bad/unknown_name.ks" "$KS_TESTDATA/bad/await_in_thread.ks"
check "check of a mix exits 2" test "$rc" -eq 2
check "check reports the valid file" contains "$out" "race.ks: ok"
check "check reports the first bad file" contains "$err" "unknown_name.ks:3:3: error: unknown name 'ordrs'"
check "check suggests the closest name" contains "$err" "hint: did you mean 'orders'?"
check "check reports the second bad file" contains "$err" "await_in_thread.ks:2:3: error: 'await' is only for loop tasks"
ks check "$KS_TESTDATA/no-such-file.ks"
check "a missing file exits 2" test "$rc" -eq 2
check "a missing file is named" contains "$err" "no-such-file.ks: error: cannot open"
ks check "$KS_TESTDATA/bad/many_errors.ks"
check "at most 20 errors are printed" test "$(printf '%s\n' "$err" | grep -c ': error: ')" -eq 20
check "the cut is said" contains "$err" "too many errors"

# a syntax error does not hide the unknown names around it
ks check "$KS_TESTDATA/bad/names_after_syntax.ks"
check "names after a syntax error: the syntax error" contains "$err" "names_after_syntax.ks:9:14: error: expected a value"
check "names after a syntax error: the name before it" contains "$err" "names_after_syntax.ks:7:7: error: unknown name 'y'"
check "names after a syntax error: the lock before it" contains "$err" "names_after_syntax.ks:8:8: error: unknown name 'nope'"
check "names after a syntax error: the name after it" contains "$err" "names_after_syntax.ks:12:14: error: unknown name 'z'"
check "a name the skipped line declares is not reported" test -z "$(printf '%s\n' "$err" | grep -F "'seen'")"
# an expect inside an unclosed block: the hint is the missing '}'
ks check "$KS_TESTDATA/bad/expect_in_block.ks"
check "expect inside a block is located" contains "$err" "expect_in_block.ks:8:1: error: 'expect' belongs at the top level or in a variant, not inside an actor"
check "expect inside a block: the hint is a missing '}'" contains "$err" "hint: is a '}' missing above it?"
check "expect inside a block: no 'did you mean repeat'" test -z "$(printf '%s\n' "$err" | grep -F "did you mean 'repeat'")"

# show prints the compiled program
ks show "$KS_TESTDATA/valid/race.ks" --variant locked
check "show exits 0" test "$rc" -eq 0
check "show prints the load of +=" contains "$out" "load orders -> \$t0"
check "show prints the store of +=" contains "$out" "store orders = \$t0 + 1"
check "show marks bookkeeping ops" contains "$out" "* set \$r0 = 5"
check "show explains the hidden load temporary" contains "$out" "hidden \$t0: a value held between two steps"
check "show explains the hidden repeat counter" contains "$out" "hidden \$r0: the counter of the repeat on line"
ks show "$KS_TESTDATA/valid/race.ks" --variant nosuch
check "show of an unknown variant exits 2" test "$rc" -eq 2
check "show names the variants" contains "$err" "unsafe locked"

# crowds: each limit and misuse is a located error and exit 2
ks check "$KS_TESTDATA/bad/too_many_actors.ks"
check "more than 16000 actors exits 2" test "$rc" -eq 2
check "more than 16000 actors, at the family that passes it" contains "$err" "too_many_actors.ks:4:3: error: more than 16000 actors"
check "the members are counted" contains "$err" "this family brings the count to 16002"
ks check "$KS_TESTDATA/bad/too_many_threads.ks"
check "more than 2500 threads exits 2" test "$rc" -eq 2
check "a process's threads and loops count" contains "$err" "too_many_threads.ks:5:3: error: more than 2500 threads"
ks check "$KS_TESTDATA/bad/too_many_processes.ks"
check "more than 64 processes exits 2" test "$rc" -eq 2
check "a process family's members count" contains "$err" "too_many_processes.ks:3:1: error: more than 64 processes"
ks check "$KS_TESTDATA/bad/family_misuse.ks"
check "family misuse exits 2" test "$rc" -eq 2
check "an idle family takes no every" contains "$err" "family_misuse.ks:3:27: error: an idle family takes no 'every'"
check "threads in a process take no every" contains "$err" "family_misuse.ks:5:21: error: threads inside a process start with it"
check "a member's name is taken" contains "$err" "family_misuse.ks:9:8: error: 'Waiter 2' is already the name of a member of family 'Waiter'"
check "a family that is not idle is not spawned" contains "$err" "family_misuse.ks:8:38: error: thread family 'Waiter' is not idle"
ks check "$KS_TESTDATA/bad/loop_family.ks"
check "a loop family exits 2" test "$rc" -eq 2
check "a loop cannot be a family" contains "$err" "loop_family.ks:2:13: error: a loop cannot be a family"
ks check "$KS_TESTDATA/bad/me_outside_family.ks"
check "me outside a family exits 2" test "$rc" -eq 2
check "me outside a family is located, with a hint" contains "$err" "me_outside_family.ks:3:25: error: 'me' is only for the members of a family
    3 | thread \"Cook\" { total = me }
      |                         ^~
  hint: make the actor a family"
ks check "$KS_TESTDATA/bad/bounded_without_else.ks"
check "a bounded wait without else exits 2" test "$rc" -eq 2
check "a bounded wait needs else" contains "$err" "bounded_without_else.ks:3:43: error: expected 'else { ... }'"

# show prints a family once, with its header, and the crowd's constructs readably
ks show "$KS_TESTDATA/valid/crowd.ks"
check "show of a crowd exits 0" test "$rc" -eq 0
check "show prints the family's header" contains "$out" 'thread "Client" * 20 every ~10ms deadline 300ms  (line 12)'
check "show names the members" contains "$out" "members \"Client 1\" to \"Client 20\" run these ops; 'me' is 1 to 20"
check "show prints a family's ops once" test "$(printf '%s\n' "$out" | grep -c 'acquire tables for 100ms else')" -eq 1
check "show prints no member but the first" test "$(printf '%s\n' "$out" | grep -c '"Client 2"')" -eq 0
check "show prints me" contains "$out" "push orders me for 50ms else -> "
check "show prints spawn of a family" contains "$out" "spawn next of \"Handler\""
check "show prints a bounded join of a family" contains "$out" "join all of \"Handler\" for 2s else -> "
check "show prints the options" contains "$out" "option max_threads 50
option stack 256KiB"
check "show prints a family in the schedule" contains "$out" "schedule any of \"Client\", any of \"Client\", any of \"Client\", \"Dispatcher\""

# list and show find scenarios by name in KITCHENSYNC_PATH
KITCHENSYNC_PATH="/nonexistent:$KS_TESTDATA/valid"; export KITCHENSYNC_PATH
ks list
check "list exits 0" test "$rc" -eq 0
check "list shows a name and its title" contains "$out" "race             Race condition: two cooks, one order count"
check "list shows the variants" contains "$out" "variants: unsafe, locked"
ks show race
check "show finds a scenario by name" contains "$out" "scenario race"
ks show no_such_scenario
check "show of an unknown name exits 2" test "$rc" -eq 2
done_testing
