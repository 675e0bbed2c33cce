#!/bin/sh
# ask.sh: a headless run's challenge and questions: the questions before the
# run, the goal reached (or not) and in how many steps, the real answers, and
# --answer judged right or wrong with the exit status it calls for.  Step mode
# with fixed schedules, so nothing depends on the machine's speed.
. "$KS_SRCDIR/tests/tap.sh"

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
cat >"$tmp/buy.ks" <<'KS'
title "Two buyers"
var stock = 1
var sold = 0
thread A { if stock > 0 { stock = stock - 1; atomic sold += 1 } }
thread B { if stock > 0 { stock = stock - 1; atomic sold += 1 } }
variant play "Steered" {
  challenge "Sell the last item twice" @zh_TW "把最後一件賣兩次" {
    goal final stock < 0
    hint "Let both check first."
    explain "Both saw 1 and both took it."
  }
}
# the questions stand in a variant with no challenge: one rule (scenario(5))
variant guess "Watched" {
  question "How many are sold?" { answer sold; explain "Count the buyers who got in." }
  question "Who finishes first?" {
    choice "A" when first A
    choice "B" when first B
    choice "it deadlocks" when deadlock
  }
}
KS
both="A,B,A,B,A,B"
serial="A,A,A,B,B,B"

ks run --headless --variant guess --schedule "$both" "$tmp/buy.ks"
check "a run without --answer exits 0 (no expectations)" test "$rc" -eq 0
check "the questions come before the run" contains "$out" "Question 1: How many are sold?
  (answer with a number)
Question 2: Who finishes first?
  a) A
  b) B
  c) it deadlocks"
check "... before the timeline" test "$(printf '%s\n' "$out" | grep -n 'Question 1' | cut -d: -f1)" -lt \
	"$(printf '%s\n' "$out" | grep -n 'Final values' | cut -d: -f1)"
check "the real answers follow, with the explanation" contains "$out" "  1. How many are sold?
     the run says: 2
     Count the buyers who got in.
  2. Who finishes first?
     the run says: a) A"
check "a watched variant has no challenge" test -z "$(printf '%s\n' "$out" | grep '^Challenge:')"
ks run --headless --variant play --schedule "$both" "$tmp/buy.ks"
check "the challenge is reached, with its step count" contains "$out" "Challenge: Sell the last item twice
  reached in 6 steps: every worker finishes with the condition holding
  Both saw 1 and both took it."
check "a steered variant asks nothing" test -z "$(printf '%s\n' "$out" | grep -e '^Question' -e '^Answers:')"

ks run --headless --variant play --schedule "$serial" "$tmp/buy.ks"
check "one after the other: the goal is not reached" contains "$out" "  not reached in this run ("
check "... and the hint is given" contains "$out" "  hint: Let both check first."
ks run --headless --variant guess --schedule "$serial" "$tmp/buy.ks"
check "... one item sold" contains "$out" "     the run says: 1"

ks run --headless --variant guess --schedule "$both" --answer=2,a "$tmp/buy.ks"
check "right answers exit 0" test "$rc" -eq 0
check "... each said right (number)" contains "$out" "     you said: 2: right"
check "... each said right (choice)" contains "$out" "     you said: a) A: right"
ks run --headless --variant guess --schedule "$both" --answer=2,B "$tmp/buy.ks"
check "a wrong answer exits 1" test "$rc" -eq 1
check "... and is said wrong" contains "$out" "     you said: b) B: wrong"
ks run --headless --variant guess --schedule "$serial" --answer=2,1 "$tmp/buy.ks"
check "a wrong number exits 1" test "$rc" -eq 1
check "... said wrong" contains "$out" "     you said: 2: wrong"

ks run --headless --variant guess --schedule "$both" --answer=2 "$tmp/buy.ks"
check "too few answers: usage" test "$rc" -eq 2
check "... says how many" contains "$err" "asks 2 questions"
ks run --headless --variant guess --answer=2,d "$tmp/buy.ks"
check "no such choice: usage" test "$rc" -eq 2
check "... names the choices" contains "$err" "give 1 to 3 or a to c"
ks run --headless --variant guess --answer=x,a "$tmp/buy.ks"
check "a number question takes a number" contains "$err" "question 1 asks for a whole number, not 'x'"
ks run --headless --variant guess --repeat 2 --answer=2,a "$tmp/buy.ks"
check "--answer does not go with --repeat" test "$rc" -eq 2
ks run --headless --answer=1 "$KS_TESTDATA/valid/race.ks"
check "a variant without questions refuses --answer" test "$rc" -eq 2
check "... saying so" contains "$err" "asks no questions"
ks run --headless "$KS_TESTDATA/valid/race.ks"
check "a variant without a challenge or questions prints neither" test -z "$(printf '%s\n' "$out" | grep -e '^Challenge:' -e '^Answers:')"

# the learner's language: texts from the file's @zh_TW (glibc honours LANGUAGE under C.UTF-8)
LANGUAGE=zh_TW LC_ALL=C.UTF-8 ks run --headless --schedule "$both" "$tmp/buy.ks"
check "zh_TW: the challenge's own translation" contains "$out" "把最後一件賣兩次"
ks run --help
check "--help lists --answer" contains "$out" "--answer=LIST"
check "--help says what --answer does to the exit status" contains "$out" "run --answer: 0 when every answer was right"
done_testing
