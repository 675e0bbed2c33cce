#!/bin/sh
# cli.sh: the real binary's --help, --version and exit statuses.
. "$KS_SRCDIR/tests/tap.sh"

ks --help
check "--help exits 0" test "$rc" -eq 0
check "--help shows usage" contains "$out" "Usage: kitchensync"
check "--help documents exit status 2" contains "$out" "2  bad usage"
ks --version
check "--version exits 0" test "$rc" -eq 0
check "--version names the program" contains "$out" "kitchensync "
ks --no-such-option
check "an unknown option exits 2" test "$rc" -eq 2
check "an unknown option is named" contains "$err" "unknown option '--no-such-option'"
check "an unknown option points at --help" contains "$err" "kitchensync --help"
ks frobnicate
check "an unknown command exits 2" test "$rc" -eq 2
done_testing
