/* check_util.c - buf, err, dtime and util helpers. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/dtime.h"
#include "lib/err.h"
#include "lib/text.h"
#include "lib/util.h"

/* buf_printf formats in one pass into the room there is and again only
 * when the text did not fit: every length around the room comes out
 * whole, and what was there before stays. */
START_TEST(test_buf_printf_fits_or_grows_at_every_length)
{
	char want[600];
	for (size_t pre = 0; pre < 140; pre += 7) {
		for (size_t n = 0; n < 300; n++) {
			struct buf b = BUF_INIT;
			for (size_t i = 0; i < pre; i++)
				buf_addc(&b, 'p');
			char arg[301];
			memset(arg, 'x', n);
			arg[n] = '\0';
			buf_printf(&b, "<%s|%zu>", arg, n);
			int wl = snprintf(want, sizeof(want), "%.*s<%s|%zu>", (int)pre,
					  "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp"
					  "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp",
					  arg, n);
			ck_assert_uint_eq(b.len, (size_t)wl);
			ck_assert_str_eq(b.data, want);
			ck_assert_uint_lt(b.len, b.cap);
			buf_release(&b);
		}
	}
}
END_TEST

START_TEST(test_buf_printf_appends_and_detach_hands_over)
{
	struct buf b = BUF_INIT;
	ck_assert_str_eq(buf_str(&b), "");
	buf_adds(&b, "ticket ");
	buf_printf(&b, "%d of %s", 42, "many");
	buf_addc(&b, '!');
	ck_assert_str_eq(buf_str(&b), "ticket 42 of many!");
	ck_assert_uint_eq(b.len, 18);
	buf_truncate(&b, 6);
	ck_assert_str_eq(b.data, "ticket");
	char *s = buf_detach(&b);
	ck_assert_str_eq(s, "ticket");
	ck_assert_ptr_null(b.data);
	free(s);
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, 'x');
	ck_assert_uint_eq(strlen(b.data), 10000);
	buf_release(&b);
}
END_TEST

/* 1 when fn(b) dies of SIGABRT (a failed assert) in a child process. */
static int aborts(void (*fn)(struct buf *), struct buf *b)
{
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* quiet the assert message in the test log */
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		fn(b);
		_exit(0);
	}
	int st = 0;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
}

static void add_x(struct buf *b) { buf_adds(b, "x"); }
static void str_of(struct buf *b) { (void)buf_str(b); }

START_TEST(test_buf_invariants_are_asserted)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "abc");
	ck_assert_uint_lt(b.len, b.cap);
	ck_assert_int_eq(b.data[b.len], 0);
	ck_assert_int_eq(aborts(add_x, &b), 0);
	/* len at or past the allocation */
	size_t len = b.len;
	b.len = b.cap;
	ck_assert(aborts(add_x, &b));
	b.len = len;
	/* the terminating NUL overwritten */
	b.data[b.len] = 'z';
	ck_assert(aborts(str_of, &b));
	b.data[b.len] = 0;
	/* data without an allocation size, or a length without data */
	struct buf bad = { NULL, 3, 0 };
	ck_assert(aborts(str_of, &bad));
	buf_reset(&b);
	ck_assert_str_eq(buf_str(&b), "");
	buf_release(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.cap, 0);
}
END_TEST

START_TEST(test_err_set_returns_code_and_prefix_composes)
{
	int rc = err_set(DK_EINVAL, "email: %s: not an address", "bob");
	ck_assert_int_eq(rc, DK_EINVAL);
	ck_assert_str_eq(err_msg(), "email: bob: not an address");
	err_prefix(rc, "customer %d", 7);
	ck_assert_str_eq(err_msg(), "customer 7: email: bob: not an address");
}
END_TEST

START_TEST(test_time_parse_accepts_dates_and_rfc3339)
{
	dk_time t;
	char out[DK_TIME_BUFSZ];
	ck_assert_int_eq(dk_time_parse("2026-01-31T09:00:00Z", NULL, &t), 0);
	ck_assert_str_eq(dk_time_format(t, out), "2026-01-31T09:00:00Z");
	ck_assert_int_eq(dk_time_parse("2026-01-31", NULL, &t), 0);
	ck_assert_str_eq(dk_time_format(t, out), "2026-01-31T00:00:00Z");
	ck_assert_int_eq(dk_time_parse("2026-01-31T10:00:00+01:00", NULL, &t), 0);
	ck_assert_str_eq(dk_time_format(t, out), "2026-01-31T09:00:00Z");
	ck_assert_int_eq(dk_time_parse("2026-07-01", "Europe/Berlin", &t), 0);
	ck_assert_str_eq(dk_time_format(t, out), "2026-06-30T22:00:00Z");
	ck_assert_int_eq(dk_time_parse("2026-02-30", NULL, &t), DK_EINVAL);
	ck_assert_int_eq(dk_time_parse("yesterday", NULL, &t), DK_EINVAL);
	ck_assert_ptr_nonnull(strstr(err_msg(), "yesterday"));
	ck_assert_int_eq(dk_time_parse("2026-01-31T25:00:00Z", NULL, &t), DK_EINVAL);
}
END_TEST

START_TEST(test_civil_days_roundtrip_and_weekday)
{
	int y, m, d;
	for (int64_t days = -800000; days < 800000; days += 997) {
		dk_civil_from_days(days, &y, &m, &d);
		ck_assert_int_eq(dk_days_from_civil(y, m, d), days);
	}
	ck_assert_int_eq(dk_weekday(dk_days_from_civil(2026, 5, 15)), 5); /* Friday */
	ck_assert_int_eq(dk_days_in_month(2028, 2), 29);
	ck_assert_int_eq(dk_days_in_month(2100, 2), 28);
}
END_TEST

START_TEST(test_local_to_utc_handles_dst)
{
	char out[DK_TIME_BUFSZ];
	/* London: GMT in winter, BST (UTC+1) in summer. */
	ck_assert_str_eq(dk_time_format(dk_local_to_utc("Europe/London", 2026, 1, 15, 23, 59, 59), out),
			 "2026-01-15T23:59:59Z");
	ck_assert_str_eq(dk_time_format(dk_local_to_utc("Europe/London", 2026, 7, 15, 23, 59, 59), out),
			 "2026-07-15T22:59:59Z");
	/* The day of the spring change: midnight still GMT. */
	ck_assert_str_eq(dk_time_format(dk_local_to_utc("Europe/London", 2026, 3, 29, 0, 0, 0), out),
			 "2026-03-29T00:00:00Z");
	ck_assert_int_eq(dk_local_days("America/Los_Angeles", 1767225600 /* 2026-01-01T00:00Z */),
			 dk_days_from_civil(2025, 12, 31));
}
END_TEST

START_TEST(test_parse_int64_rejects_junk)
{
	int64_t v;
	ck_assert_int_eq(parse_int64("42", 0, 100, &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(parse_int64("42x", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int64("", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int64("101", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int64(" 1", 0, 100, &v), -1);
}
END_TEST

/* Every invisible or reordering character is drawn as <U+XXXX>; the
 * expected strings are literal. */
START_TEST(test_text_safe_filename_keeps_only_a_plain_last_component)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "invoice.pdf", "invoice.pdf" },
		{ "../../etc/passwd", "passwd" },
		{ "C:\\Users\\x\\report.docx", "report.docx" },
		{ ".bashrc", "bashrc" },
		{ "-rf", "rf" },
		{ "a\x1b[31mb.txt", "a_[31mb.txt" },
		{ "evil\xe2\x80\xaetxt.exe", "evil_txt.exe" },
		{ "Rechnung M\xc3\xa4rz.pdf", "Rechnung M\xc3\xa4rz.pdf" },
		{ "a:b", "a_b" },
		{ "", "attachment" },
		{ "../", "attachment" },
		{ "...", "attachment" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = text_safe_filename(cases[i].in, "attachment");
		ck_assert_msg(!strcmp(got, cases[i].want), "%zu: '%s' -> '%s', want '%s'", i, cases[i].in, got,
			      cases[i].want);
		free(got);
	}
	char *nul = text_safe_filename(NULL, "x.bin");
	ck_assert_str_eq(nul, "x.bin");
	free(nul);
	char longname[400];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	char *l = text_safe_filename(longname, "x");
	ck_assert_uint_eq(strlen(l), 120);
	free(l);
}
END_TEST

START_TEST(test_text_html_escapes_and_shows_hostile_characters)
{
	struct buf b = BUF_INIT;
	const char in[] = "a<b>&\"'\x1b[31m\xe2\x80\xae\xffz\tx\ny";
	text_html(&b, in, sizeof(in) - 1);
	ck_assert_str_eq(buf_str(&b), "a&lt;b&gt;&amp;&quot;&#39;^[[31m&lt;U+202E&gt;\xef\xbf\xbdz\tx\ny");
	buf_release(&b);
}
END_TEST

START_TEST(test_text_visible_shows_invisible_and_bidi_characters)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "pay\xe2\x80\x8bpal", "pay<U+200B>pal" },	     /* zero width space */
		{ "a\xe2\x80\x8c" "b\xe2\x80\x8d" "c", "a<U+200C>b<U+200D>c" }, /* ZWNJ, ZWJ */
		{ "x\xe2\x80\x8ey\xe2\x80\x8fz", "x<U+200E>y<U+200F>z" }, /* LRM, RLM */
		{ "w\xe2\x81\xa0j", "w<U+2060>j" },		     /* word joiner */
		{ "\xef\xbb\xbf" "bom", "<U+FEFF>bom" },
		{ "\xe2\x80\xaa" "a\xe2\x80\xab" "b\xe2\x80\xac" "c\xe2\x80\xad" "d\xe2\x80\xae" "e",
		  "<U+202A>a<U+202B>b<U+202C>c<U+202D>d<U+202E>e" },
		{ "\xe2\x81\xa6" "a\xe2\x81\xa7" "b\xe2\x81\xa8" "c\xe2\x81\xa9", "<U+2066>a<U+2067>b<U+2068>c<U+2069>" },
		{ "caf\xc3\xa9 \xe2\x80\x94 ok", "caf\xc3\xa9 \xe2\x80\x94 ok" }, /* visible text untouched */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *v = text_visible_dup(cases[i].in, 1);
		ck_assert_str_eq(v, cases[i].out);
		free(v);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_buf_printf_appends_and_detach_hands_over);
	tcase_add_test(tc, test_buf_printf_fits_or_grows_at_every_length);
	tcase_add_test(tc, test_buf_invariants_are_asserted);
	tcase_add_test(tc, test_err_set_returns_code_and_prefix_composes);
	tcase_add_test(tc, test_time_parse_accepts_dates_and_rfc3339);
	tcase_add_test(tc, test_civil_days_roundtrip_and_weekday);
	tcase_add_test(tc, test_local_to_utc_handles_dst);
	tcase_add_test(tc, test_parse_int64_rejects_junk);
	tcase_add_test(tc, test_text_visible_shows_invisible_and_bidi_characters);
	tcase_add_test(tc, test_text_html_escapes_and_shows_hostile_characters);
	tcase_add_test(tc, test_text_safe_filename_keeps_only_a_plain_last_component);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
