#include "config.h"
#include "ks-check.h"
START_TEST(test_placeholder) { ck_assert_int_eq(1, 1); }
END_TEST
static Suite *s1(void) { Suite *s = suite_create("x"); TCase *tc = tcase_create("x"); tcase_add_test(tc, test_placeholder); suite_add_tcase(s, tc); return s; }
int main(void) { return ks_check_run(s1(), NULL); }
