/* check_keys.c - the TUI's keymap (tui/keys.c, issue 16 "one meaning per
 * key"): a key means one thing in every view, and the irreversible
 * actions (erasure, waiving a duty, publishing) have no key at all: they
 * are ":" commands that confirm first. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

/* Keys whose meanings differ by name but not by intent: y answers "yes"
 * to what the view proposes (a suggestion, the previewed reply); Space
 * toggles the item under the cursor (a checklist step, a revision mark);
 * x writes what is shown to a file (the customer's data, an attachment). */
static int shared_intent(int key)
{
	return key == 'y' || key == ' ' || key == 'x';
}

START_TEST(test_one_meaning_per_key)
{
	size_t n;
	const struct keybinding *kb = keys_table(&n);
	ck_assert_uint_gt(n, 40);
	for (size_t i = 0; i < n; i++) {
		int key = kb[i].key;
		if (shared_intent(key))
			continue;
		enum request first = REQ_NONE;
		enum view_kind first_view = VK_ANY;
		for (int v = VK_ANY + 1; v < VK_COUNT; v++) {
			enum request r = keys_lookup((enum view_kind)v, key);
			if (r == REQ_NONE)
				continue;
			if (first == REQ_NONE) {
				first = r;
				first_view = (enum view_kind)v;
				continue;
			}
			ck_assert_msg(r == first, "key %s means %s in the %s view but %s in the %s view", key_name(key),
				      request_name(first), view_kind_name(first_view), request_name(r),
				      view_kind_name((enum view_kind)v));
		}
	}
}
END_TEST

START_TEST(test_irreversible_actions_have_no_key)
{
	size_t n;
	const struct keybinding *kb = keys_table(&n);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(kb[i].req != REQ_RIGHTS_ERASE && kb[i].req != REQ_WAIVE && kb[i].req != REQ_TERMS_PUBLISH,
			      "%s is bound to key %s: irreversible actions are : commands", request_name(kb[i].req),
			      key_name(kb[i].key));
	/* the keys the issue found overloaded */
	ck_assert_int_eq(keys_lookup(VK_CUSTOMER, 'D'), REQ_NONE);
	ck_assert_int_eq(keys_lookup(VK_TERMS, 'D'), REQ_NONE);
	ck_assert_int_eq(keys_lookup(VK_TICKET, 'D'), REQ_RESOLVE);
	ck_assert_int_eq(keys_lookup(VK_CUSTOMER, 'r'), REQ_NONE);
	ck_assert_int_eq(keys_lookup(VK_CUSTOMER, 'e'), REQ_NONE);
	ck_assert_int_eq(keys_lookup(VK_QUEUE, 'c'), REQ_CUSTOMER);
	ck_assert_int_eq(keys_lookup(VK_TICKET, 'c'), REQ_CUSTOMER);
	ck_assert_int_eq(keys_lookup(VK_QUEUE, 's'), REQ_SET_STATUS);
	ck_assert_int_eq(keys_lookup(VK_QUEUE, 'K'), REQ_SET_KIND);
	/* every request named in the help exists */
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_ne(request_name(kb[i].req), "");
		ck_assert_str_ne(request_help(kb[i].req), "");
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("keys");
	TCase *tc = tcase_create("keymap");
	tcase_add_test(tc, test_one_meaning_per_key);
	tcase_add_test(tc, test_irreversible_actions_have_no_key);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
