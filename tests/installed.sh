#!/bin/sh
# installed.sh: the installed program, run from elsewhere: it finds its
# scenarios, its manual pages are where man looks, and it speaks Traditional
# Chinese from its installed catalog.  Run by `make installcheck' (and so by
# distcheck); KITCHENSYNC is the installed binary, KS_MANDIR its man tree.
. "$KS_SRCDIR/tests/tap.sh"

cd / || exit 99
LC_ALL=; export LC_ALL
LANG=C.UTF-8; export LANG

LANGUAGE=; export LANGUAGE
ks list
check "list finds the installed scenarios" contains "$out" "Race: two cooks, one count"
ks run --headless --variant locked race
check "an installed scenario runs headless" test "$rc" -eq 0
check "... and reports in English" contains "$out" "Final values:"

LANGUAGE=zh_TW; export LANGUAGE
ks --help
check "help speaks Traditional Chinese" contains "$out" "用法："
ks list
check "list shows the scenarios' Chinese titles" contains "$out" "競態條件"
ks run --headless --variant locked race
check "the outcome speaks Traditional Chinese" contains "$out" "最終值："
ks check /nonexistent/x.ks
check "errors speak Traditional Chinese" contains "$err" "錯誤"

# has_page SECTION NAME: the installed page is in the man tree.
has_page() {
	test -f "$KS_MANDIR/man$1/$2.$1" && return 0
	echo "# no $KS_MANDIR/man$1/$2.$1"
	return 1
}
check "kitchensync(1) is installed" has_page 1 kitchensync
check "kitchensync-tutorial(7) is installed" has_page 7 kitchensync-tutorial
check "kitchensync-scenario(5) is installed" has_page 5 kitchensync-scenario

done_testing
