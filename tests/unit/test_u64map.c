/*
 * test_u64map.c — Check suite for common/u64map.c: a key keeps the value
 * it was first added with, a zeroed map grows from nothing and one sized
 * with init does not grow, keys that collide in the low bits and the
 * all-ones key are kept apart, and free leaves an empty map.
 */
#include <check.h>
#include <stdlib.h>

#include "common/u64map.h"

START_TEST(first_value_kept)
{
	struct ls_u64map m = {0};
	ck_assert_int_eq(ls_u64map_add(&m, 7, 0), 0);
	ck_assert_int_eq(ls_u64map_add(&m, 9, 1), 1);
	ck_assert_int_eq(ls_u64map_add(&m, 7, 5), 0);
	ck_assert_int_eq(ls_u64map_add(&m, UINT64_MAX, 2), 2);
	ck_assert_int_eq(ls_u64map_add(&m, UINT64_MAX, 3), 2);
	ck_assert_int_eq(ls_u64map_add(&m, 0, 4), 4);
	ck_assert_uint_eq(m.len, 4);
	ls_u64map_free(&m);
	ck_assert_ptr_null(m.slots);
	ck_assert_uint_eq(m.cap, 0);
	ck_assert_uint_eq(m.len, 0);
}
END_TEST

START_TEST(grows_and_sized)
{
	struct ls_u64map m = {0};
	for (int i = 0; i < 10000; i++)
		ck_assert_int_eq(ls_u64map_add(&m, (uint64_t)i << 40, i), i);
	ck_assert_uint_eq(m.len, 10000);
	ck_assert_uint_ge(m.cap, 20000);
	for (int i = 0; i < 10000; i++)
		ck_assert_int_eq(ls_u64map_add(&m, (uint64_t)i << 40, 1000000), i);
	ls_u64map_free(&m);

	ls_u64map_init(&m, 1000);
	size_t cap = m.cap;
	ck_assert_uint_ge(cap, 2000);
	for (int i = 0; i < 1000; i++)
		ls_u64map_add(&m, (uint64_t)i * 1024, i);
	ck_assert_uint_eq(m.cap, cap);
	ck_assert_uint_eq(m.len, 1000);
	ls_u64map_free(&m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("u64map");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, first_value_kept);
	tcase_add_test(tc, grows_and_sized);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
