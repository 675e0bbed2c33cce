/* ks-check.h: running Check suites as TAP for Automake's test harness. */
#ifndef KS_KS_CHECK_H
#define KS_KS_CHECK_H

#include <check.h>

/* Runs the suites (NULL-terminated) with TAP on stdout; returns the exit status. */
int ks_check_run(Suite *first, ...);
/* Path of a file under tests/data (from $KS_TESTDATA); static storage. */
const char *ks_check_data(const char *name);

#endif
