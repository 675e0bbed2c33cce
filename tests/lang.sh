#!/bin/sh
. "$KS_SRCDIR/tests/tap.sh"
done_testing
