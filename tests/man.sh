#!/bin/sh
# man.sh: the manual pages are lint-clean, and every scenario's `tutorial'
# header names a section that exists in kitchensync-tutorial(7).
. "$KS_SRCDIR/tests/tap.sh"

man_dir=$KS_SRCDIR/man
tutorial=$man_dir/kitchensync-tutorial.7

# skip DESCRIPTION REASON: a test that cannot run here.
skip() {
	ks_n=$((ks_n + 1))
	echo "ok $ks_n - $1 # SKIP $2"
}

# lint PAGE: mandoc reports nothing at warning level or above.
lint() {
	lint_out=$(mandoc -T lint -W warning "$1" 2>&1)
	lint_rc=$?
	[ -n "$lint_out" ] && printf '%s\n' "$lint_out" | sed 's/^/# /'
	[ "$lint_rc" -eq 0 ] && [ -z "$lint_out" ]
}

# The section titles of the tutorial, one a line, without quotes.
sections=$(sed -n 's/^\.SH[[:space:]]*//p' "$tutorial" | sed 's/^"\(.*\)"[[:space:]]*$/\1/')

# has_section NAME: the tutorial has a section titled exactly NAME.
has_section() {
	printf '%s\n' "$sections" | grep -qxF -- "$1" && return 0
	printf '# no section "%s" in %s\n' "$1" "$tutorial"
	return 1
}

# tutorial_ref FILE: the text of the scenario's tutorial header, if any.
tutorial_ref() {
	sed -n 's/^[[:space:]]*tutorial[[:space:]][[:space:]]*"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

pages=$(ls "$man_dir"/*.[1-8] 2>/dev/null)
check "there are manual pages" test -n "$pages"
for page in $pages; do
	name=${page##*/}
	if command -v mandoc >/dev/null 2>&1; then
		check "$name: mandoc -T lint is clean" lint "$page"
	else
		skip "$name: mandoc -T lint is clean" "mandoc is not installed"
	fi
done

check "the tutorial has lessons" contains "$sections" "LESSON 1"
# The checker below must be able to fail: a made-up section is not found.
check "a section that does not exist is not found" \
	sh -c '! printf "%s\n" "$1" | grep -qxF "LESSON 99: NOWHERE"' sh "$sections"

scenarios=$(ls "$KS_SRCDIR"/scenarios/*.ks 2>/dev/null)
check "there are scenarios" test -n "$scenarios"
for f in $scenarios; do
	name=${f##*/}
	ref=$(tutorial_ref "$f")
	check "$name names a tutorial section" test -n "$ref"
	[ -n "$ref" ] && check "$name: section \"$ref\" exists in the tutorial" has_section "$ref"
done

done_testing
