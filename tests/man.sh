#!/bin/sh
# man.sh: the manual pages are lint-clean, and every scenario's `tutorial'
# header names a section that exists in kitchensync-tutorial(7).
. "$KS_SRCDIR/tests/tap.sh"

man_dir=$KS_SRCDIR/man
tutorial=$man_dir/kitchensync-tutorial.7

# skip DESCRIPTION REASON: a test that cannot run here.
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

# The KEYS section of kitchensync(1) and the TUI's key table agree: every
# label `kitchensync --keys` prints is a tag of the section, and every tag
# is a label (compared as sorted sets, so duplicates such as Enter in two
# contexts count once).
man_keys=$(sed -n '/^\.SH KEYS/,/^\.SH /p' "$man_dir/kitchensync.1" |
    sed -n '/^\.TP/{n;s/^\.B "\(.*\)"$/\1/p;}' | sed 's/\\-/-/g; s/\\e/\\/g' | LC_ALL=C sort -u)
if tui_keys=$("$KITCHENSYNC" --keys 2>/dev/null) && [ -n "$tui_keys" ]; then
	keys_tmp=$(mktemp -d) || exit 99
	printf '%s\n' "$man_keys" >"$keys_tmp/man"
	printf '%s\n' "$tui_keys" | cut -f1 | LC_ALL=C sort -u >"$keys_tmp/tui"
	missing=$(LC_ALL=C comm -13 "$keys_tmp/man" "$keys_tmp/tui")
	stale=$(LC_ALL=C comm -23 "$keys_tmp/man" "$keys_tmp/tui")
	rm -rf "$keys_tmp"
	printf '%s\n' "$missing" | sed '/^$/d; s/^/# not in kitchensync(1): /'
	printf '%s\n' "$stale" | sed '/^$/d; s/^/# in kitchensync(1) but not bound: /'
	check "kitchensync(1) documents every key of the key table" test -z "$missing"
	check "kitchensync(1) documents no key the table lacks" test -z "$stale"
else
	skip "kitchensync(1) and the key table agree" "kitchensync has no --keys"
fi

# Every example command in the pages that names a variant, such as
# `kitchensync run --variant atomic race', names one that `list' shows for
# that scenario (the scenario is the command's last word; a line ending in
# \e continues on the next).
variant_cmds=$(for page in $pages; do
	awk '/\\e$/ { sub(/\\e$/, ""); buf = buf $0; next } { print buf $0; buf = "" }' "$page"
done | sed -n 's/\\-/-/g; s/^\$ kitchensync .*--variant[ =]\([A-Za-z0-9_]*\) \(.* \)*\([A-Za-z0-9_]*\)$/\3 \1/p' |
    LC_ALL=C sort -u)
check "the pages run some variants" test -n "$variant_cmds"
listed=$(KITCHENSYNC_PATH=$KS_SRCDIR/scenarios "$KITCHENSYNC" list </dev/null |
    awk '/^[^ ]/ { n = $1; next } { sub(/.*: /, ""); gsub(/, /, " "); print n ": " $0 }')
# has_variant SCENARIO VARIANT: `list' shows VARIANT for SCENARIO.
has_variant() {
	printf '%s\n' "$listed" | sed -n "s/^$1: //p" | tr ' ' '\n' | grep -qxF -- "$2" && return 0
	printf '# list shows no variant "%s" for %s\n' "$2" "$1"
	return 1
}
# The checker must be able to fail: a made-up variant is not found.
lacks_variant() { ! has_variant "$@" >/dev/null; }
check "a variant that does not exist is not found" lacks_variant race nowhere
while read -r scen var; do
	[ -n "$scen" ] || continue
	check "the pages' --variant $var $scen exists" has_variant "$scen" "$var"
done <<EOF_VARIANTS
$variant_cmds
EOF_VARIANTS

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
	# The TUI's man-page key searches for the section with less -p, keeping
	# only letters, digits, spaces, '-' and '_' of the name.
	[ -n "$ref" ] && check "$name: the section's name survives the TUI's search" \
		sh -c 'printf "%s\n" "$1" | grep -qx "[A-Za-z0-9 _-]*"' sh "$ref"
done

# Each command of kitchensync(1)'s COMMANDS section is an entry of its own:
# rendered, its name starts a line at the tags' indent (a missing .TP runs an
# entry into the paragraph before it).
if command -v mandoc >/dev/null 2>&1 && command -v col >/dev/null 2>&1; then
	commands=$(mandoc -T ascii "$man_dir/kitchensync.1" | col -b |
	    sed -n '/^COMMANDS/,/^OPTIONS/p')
	for c in list check show run replay "export --chrome" explore; do
		check "kitchensync(1): '$c' is an entry of COMMANDS" \
		    sh -c 'printf "%s\n" "$1" | grep -q "^       $2\( \|$\)"' - "$commands" "$c"
	done
else
	skip "kitchensync(1): every command is an entry of COMMANDS" "mandoc or col is not installed"
fi

done_testing
