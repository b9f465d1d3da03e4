/* check_terms.c - the legal repository (libgit2) and its diffs, checked
 * against the git command line on throw-away repositories. */
#include <check.h>
#include <git2.h>
#include <git2/sys/transport.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"
#include "terms/demo.h"
#include "terms/diff.h"
#include "terms/legal.h"
#include "terms/redline.h"

static char tmp[64];
static char repo_dir[128];

static void mk_tmp(void)
{
	strcpy(tmp, "/tmp/docket-terms-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(repo_dir, sizeof(repo_dir), "%s/legal", tmp);
}

static void rm_tmp(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

/* Run a shell command with a neutral git environment; return its stdout. */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
	va_list ap;
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	buf_printf(&cmd, "HOME='%s' GIT_CONFIG_NOSYSTEM=1 LC_ALL=C ", tmp);
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	FILE *p = popen(cmd.data, "r");
	ck_assert_ptr_nonnull(p);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&out, chunk, n);
	pclose(p);
	buf_release(&cmd);
	if (!out.data)
		buf_adds(&out, "");
	return buf_detach(&out);
}

static dk_time T(const char *s)
{
	dk_time t;
	ck_assert_int_eq(dk_time_parse(s, NULL, &t), 0);
	return t;
}

static void publish(struct legal_repo *r, const char *path, const char *text, const char *who, const char *when,
		    const char *eff, int notice, const char *msg, char id[41])
{
	struct legal_publish p = { path, text, strlen(text), who, T(when), msg, eff ? T(eff) : DK_TIME_NONE, notice,
				   NULL };
	int rc = legal_publish_file(r, &p, id);
	ck_assert_msg(rc == 0, "publish: %s", err_msg());
}

START_TEST(test_init_makes_a_repository_git_reads_cleanly)
{
	struct legal_repo *r;
	mk_tmp();
	ck_assert_int_eq(legal_init(repo_dir, "alice", T("2025-01-02T10:00:00Z"), &r), 0);
	char *s = run("git -C '%s' status --porcelain 2>&1", repo_dir);
	ck_assert_str_eq(s, "");
	free(s);
	s = run("git -C '%s' fsck --strict 2>&1 && echo OK", repo_dir);
	ck_assert_ptr_nonnull(strstr(s, "OK"));
	free(s);
	s = run("git -C '%s' log --format='%%an|%%ae|%%at|%%s|%%(trailers:key=Effective,valueonly)' main", repo_dir);
	ck_assert_str_eq(s, "alice|alice@docket|1735812000|Starter legal content|2025-01-02\n\n");
	free(s);
	s = run("git -C '%s' symbolic-ref HEAD", repo_dir);
	ck_assert_str_eq(s, "refs/heads/main\n");
	free(s);
	/* every starter file is there */
	struct legal_file *f;
	size_t n;
	char id[41];
	ck_assert_int_eq(legal_read_files(r, NULL, "terms/", &f, &n, id), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(f[0].path, "terms/privacy-policy.md");
	ck_assert_str_eq(f[1].path, "terms/terms-of-service.md");
	ck_assert_ptr_nonnull(strstr(f[1].data, "## 4. Fees and payment"));
	legal_files_free(f, n);
	/* a second init refuses */
	struct legal_repo *r2;
	ck_assert_int_eq(legal_init(repo_dir, "alice", 0, &r2), DK_ECONFLICT);
	legal_free(r);
	rm_tmp();
}
END_TEST

START_TEST(test_open_reports_missing_not_a_repo_and_corrupt)
{
	struct legal_repo *r;
	char p[200];
	mk_tmp();
	ck_assert_int_eq(legal_open(repo_dir, &r), DK_ENOTFOUND);
	snprintf(p, sizeof(p), "legal repository: %s: missing", repo_dir);
	ck_assert_str_eq(err_msg(), p);
	ck_assert_int_eq(mkdir(repo_dir, 0755), 0);
	ck_assert_int_eq(legal_open(repo_dir, &r), DK_EIO);
	ck_assert_ptr_nonnull(strstr(err_msg(), "not a git repository"));
	rmdir(repo_dir);
	/* corrupt: the branch points at a missing object */
	ck_assert_int_eq(legal_init(repo_dir, "alice", T("2025-01-02"), &r), 0);
	legal_free(r);
	snprintf(p, sizeof(p), "%s/.git/refs/heads/main", repo_dir);
	FILE *fp = fopen(p, "w");
	fputs("0123456789012345678901234567890123456789\n", fp);
	fclose(fp);
	ck_assert_int_eq(legal_open(repo_dir, &r), 0);
	char *data;
	size_t len;
	struct legal_rev *v;
	size_t nv;
	ck_assert_int_lt(legal_show(r, NULL, "terms/terms-of-service.md", &data, &len, NULL), 0);
	ck_assert_int_lt(legal_log(r, "terms/terms-of-service.md", &v, &nv), 0);
	ck_assert_ptr_nonnull(strstr(err_msg(), "legal repository"));
	legal_free(r);
	legal_free(NULL);
	rm_tmp();
}
END_TEST

START_TEST(test_log_lists_revisions_with_trailers_like_git_log)
{
	struct legal_repo *r;
	char id1[41], id2[41], id3[41];
	mk_tmp();
	ck_assert_int_eq(legal_init(repo_dir, "alice", T("2025-01-02T10:00:00Z"), &r), 0);
	publish(r, "terms/terms-of-service.md", "# T\n\n## 1. One\n\nText.\n", "bob", "2025-03-01T09:00:00Z",
		"2025-04-01", 30, "Shorter terms\n\nBody line.", id1);
	/* another document: not in the log of the terms of service */
	publish(r, "terms/privacy-policy.md", "# P\n", "carol", "2025-03-05T09:00:00Z", "2025-03-05", 0, NULL, id2);
	publish(r, "terms/terms-of-service.md", "# T\n\n## 1. One\n\nText, reworded.\n", "carol",
		"2025-05-20T10:00:00Z", "2025-06-01", 0, "Reword one", id3);
	struct legal_rev *v;
	size_t n;
	ck_assert_int_eq(legal_log(r, "terms/terms-of-service.md", &v, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0].id, id3);
	ck_assert_str_eq(v[0].author, "carol");
	ck_assert_int_eq(v[0].committed_at, T("2025-05-20T10:00:00Z"));
	ck_assert_int_eq(v[0].effective, T("2025-06-01"));
	ck_assert_int_eq(v[0].notice_days, 0);
	ck_assert_str_eq(v[0].subject, "Reword one");
	ck_assert_str_eq(v[1].id, id1);
	ck_assert_int_eq(v[1].notice_days, 30);
	ck_assert_int_eq(v[1].effective, T("2025-04-01"));
	ck_assert_str_eq(v[2].subject, "Starter legal content");
	/* the same commits as git log -- path, and git reads our trailers */
	char *s = run("git -C '%s' log --format='%%H %%(trailers:key=Notice-Days,valueonly,separator=)' main -- "
		      "terms/terms-of-service.md",
		      repo_dir);
	struct buf want = BUF_INIT;
	buf_printf(&want, "%s \n%s 30\n%s \n", id3, id1, v[2].id);
	ck_assert_str_eq(s, want.data);
	buf_release(&want);
	free(s);
	legal_revs_free(v, n);
	/* the working tree follows the branch */
	s = run("git -C '%s' status --porcelain", repo_dir);
	ck_assert_str_eq(s, "");
	free(s);
	/* publishing identical text is refused and moves nothing */
	char id4[41];
	struct legal_publish p = { "terms/terms-of-service.md", "# T\n\n## 1. One\n\nText, reworded.\n", 32, "bob",
				   T("2025-07-01"), NULL, T("2025-07-01"), 0, NULL };
	ck_assert_int_eq(legal_publish_file(r, &p, id4), DK_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(err_msg(), "identical"));
	char head[41];
	ck_assert_int_eq(legal_resolve(r, "HEAD", head), 0);
	ck_assert_str_eq(head, id3);
	legal_free(r);
	rm_tmp();
}
END_TEST

START_TEST(test_publish_compare_and_swap_refuses_a_moved_branch_and_rewinds)
{
	struct legal_repo *r;
	char a[41], b[41], old[41], nid[41];
	mk_tmp();
	ck_assert_int_eq(legal_init(repo_dir, "alice", T("2025-01-02"), &r), 0);
	struct legal_publish p = { "terms/x.md", "one\n", 4, "bob", T("2025-02-01"), "x", T("2025-02-01"), 0, NULL };
	ck_assert_int_eq(legal_commit_file(r, &p, old, a), 0);
	/* a commit object alone changes nothing visible */
	char head[41];
	ck_assert_int_eq(legal_resolve(r, "main", head), 0);
	ck_assert_str_eq(head, old);
	publish(r, "terms/y.md", "other\n", "carol", "2025-02-02", NULL, 0, NULL, b);
	ck_assert_int_eq(legal_advance(r, old, a), DK_ECONFLICT);
	ck_assert_int_eq(legal_resolve(r, "main", head), 0);
	ck_assert_str_eq(head, b);
	/* advance then rewind restores the branch */
	p.data = "two\n";
	ck_assert_int_eq(legal_commit_file(r, &p, old, nid), 0);
	ck_assert_int_eq(legal_advance(r, old, nid), 0);
	ck_assert_int_eq(legal_rewind(r, nid, old), 0);
	ck_assert_int_eq(legal_resolve(r, "main", head), 0);
	ck_assert_str_eq(head, b);
	char *s = run("git -C '%s' status --porcelain", repo_dir);
	ck_assert_str_eq(s, "");
	free(s);
	legal_free(r);
	rm_tmp();
}
END_TEST

START_TEST(test_show_resolves_revs_and_refuses_bad_documents)
{
	struct legal_repo *r;
	char id1[41], id2[41], id3[41], got[41];
	char *data;
	size_t len;
	mk_tmp();
	ck_assert_int_eq(legal_init(repo_dir, "alice", T("2025-01-02"), &r), 0);
	publish(r, "terms/doc.md", "version one\n", "bob", "2025-02-01", "2025-02-01", 0, NULL, id1);
	publish(r, "terms/doc.md", "version two\n", "bob", "2025-03-01", "2025-03-01", 0, NULL, id2);
	publish(r, "terms/other.md", "x\n", "bob", "2025-04-01", "2025-04-01", 0, NULL, id3);
	free(run("git -C '%s' tag v1 %s", repo_dir, id1));
	ck_assert_int_eq(legal_show(r, "v1", "terms/doc.md", &data, &len, got), 0);
	ck_assert_str_eq(data, "version one\n");
	ck_assert_str_eq(got, id1);
	free(data);
	ck_assert_int_eq(legal_show(r, "HEAD~1", "terms/doc.md", &data, &len, NULL), 0);
	ck_assert_str_eq(data, "version two\n");
	free(data);
	char prefix[9];
	memcpy(prefix, id1, 8);
	prefix[8] = 0;
	ck_assert_int_eq(legal_show(r, prefix, "terms/doc.md", &data, &len, NULL), 0);
	ck_assert_str_eq(data, "version one\n");
	free(data);
	ck_assert_int_eq(legal_show(r, "nosuchrev", "terms/doc.md", &data, &len, NULL), DK_ENOTFOUND);
	ck_assert_str_eq(err_msg(), "revision: nosuchrev: unknown");
	ck_assert_int_eq(legal_show(r, "HEAD~99", "terms/doc.md", &data, &len, NULL), DK_ENOTFOUND);
	/* missing at a revision (before it existed) */
	ck_assert_int_eq(legal_show(r, "HEAD~3", "terms/doc.md", &data, &len, NULL), DK_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err_msg(), "terms/doc.md: not in revision"));
	/* binary and non-UTF-8 */
	struct legal_publish p = { "terms/bin.md", "a\0b", 3, "bob", T("2025-05-01"), NULL, DK_TIME_NONE, 0, NULL };
	ck_assert_int_eq(legal_publish_file(r, &p, id3), DK_EINVAL);
	free(run("cd '%s' && printf 'a\\000b' > terms/bin.md && printf 'caf\\351\\n' > terms/latin1.md && git add . "
		 "&& git -c user.name=t -c user.email=t@t commit -qm bin",
		 repo_dir));
	ck_assert_int_eq(legal_show(r, NULL, "terms/bin.md", &data, &len, NULL), DK_EINVAL);
	ck_assert_str_eq(err_msg(), "terms/bin.md: binary file");
	ck_assert_int_eq(legal_show(r, NULL, "terms/latin1.md", &data, &len, NULL), DK_EINVAL);
	ck_assert_str_eq(err_msg(), "terms/latin1.md: not UTF-8 text");
	/* a folder is not a document */
	ck_assert_int_eq(legal_show(r, NULL, "terms", &data, &len, NULL), DK_EINVAL);
	/* document names */
	char *path;
	ck_assert_int_eq(legal_doc_path("terms-of-service", &path), 0);
	ck_assert_str_eq(path, "terms/terms-of-service.md");
	free(path);
	ck_assert_int_eq(legal_doc_path("../etc/passwd", &path), DK_EINVAL);
	ck_assert_int_eq(legal_doc_path("", &path), DK_EINVAL);
	legal_free(r);
	rm_tmp();
}
END_TEST

START_TEST(test_five_megabyte_document_and_rename)
{
	struct legal_repo *r;
	char id1[41], id2[41];
	mk_tmp();
	ck_assert_int_eq(legal_init(repo_dir, "alice", T("2025-01-02"), &r), 0);
	struct buf big = BUF_INIT;
	for (int i = 0; big.len < 5u * 1024 * 1024; i++)
		buf_printf(&big, "Clause %d: the customer may cancel at any time, with notice of %d days.\n", i, i % 90);
	publish(r, "terms/big.md", big.data, "bob", "2025-02-01", "2025-02-01", 0, NULL, id1);
	/* change three lines far apart */
	char *copy = xstrdup(big.data);
	memcpy(strstr(copy, "Clause 100:"), "Article", 7);
	memcpy(strstr(copy, "Clause 50000:"), "Article", 7);
	memcpy(strstr(copy, "Clause 70000:"), "Article", 7);
	publish(r, "terms/big.md", copy, "bob", "2025-03-01", "2025-03-01", 0, NULL, id2);
	char *a, *b;
	size_t al, bl;
	ck_assert_int_eq(legal_show(r, id1, "terms/big.md", &a, &al, NULL), 0);
	ck_assert_int_eq(legal_show(r, id2, "terms/big.md", &b, &bl, NULL), 0);
	ck_assert_uint_eq(al, big.len);
	struct diff *d;
	ck_assert_int_eq(diff_lines(a, al, b, bl, 3, &d), 0);
	size_t hunks = 0;
	for (size_t i = 0; i < d->n; i++)
		hunks += d->lines[i].kind == DIFF_HUNK;
	ck_assert_uint_eq(hunks, 3);
	diff_free(d);
	free(a);
	free(b);
	free(copy);
	buf_release(&big);
	/* renamed between revisions: the old name is missing at HEAD */
	free(run("cd '%s' && git mv terms/big.md terms/large.md && git -c user.name=t -c user.email=t@t commit -qm mv",
		 repo_dir));
	ck_assert_int_eq(legal_show(r, NULL, "terms/big.md", &a, &al, NULL), DK_ENOTFOUND);
	struct legal_rev *v;
	size_t n;
	ck_assert_int_eq(legal_log(r, "terms/large.md", &v, &n), 0);
	ck_assert_uint_eq(n, 1); /* like git log without --follow */
	legal_revs_free(v, n);
	legal_free(r);
	rm_tmp();
}
END_TEST

/* ---- generated histories against git diff */

static const char *const vocab[] = { "the", "customer", "may", "cancel", "refund", "within", "days", "notice",
				     "Company", "shall", "not", "be", "liable", "for", "any", "loss", "data",
				     "personal", "process", "terms", "apply", "law", "court", "and", "or", "of",
				     "{", "}", "if", "(a)", "(b)", "fees", "service", "account", "Section", "4.2" };

static unsigned rnd(unsigned *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

struct lines {
	char **l;
	size_t n, cap;
};

static char *rand_line(unsigned *s)
{
	struct buf b = BUF_INIT;
	unsigned k = rnd(s) % 10;
	if (k == 0)
		return xstrdup("");
	if (k == 1) {
		buf_printf(&b, "## %u. %s %s", rnd(s) % 12 + 1, vocab[rnd(s) % ARRAY_SIZE(vocab)],
			   vocab[rnd(s) % ARRAY_SIZE(vocab)]);
		return buf_detach(&b);
	}
	if (k == 2)
		buf_adds(&b, "    ");
	unsigned words = 3 + rnd(s) % 10;
	for (unsigned i = 0; i < words; i++) {
		if (i)
			buf_adds(&b, rnd(s) % 9 ? " " : "  ");
		buf_adds(&b, vocab[rnd(s) % ARRAY_SIZE(vocab)]);
	}
	return buf_detach(&b);
}

static void ins(struct lines *L, size_t at, char *s)
{
	ARRAY_GROW(L->l, L->cap, L->n + 1);
	memmove(&L->l[at + 1], &L->l[at], (L->n - at) * sizeof(char *));
	L->l[at] = s;
	L->n++;
}

static char *del(struct lines *L, size_t at)
{
	char *s = L->l[at];
	memmove(&L->l[at], &L->l[at + 1], (L->n - at - 1) * sizeof(char *));
	L->n--;
	return s;
}

static void mutate(struct lines *L, unsigned *s)
{
	unsigned ops = 1 + rnd(s) % 6;
	for (unsigned o = 0; o < ops; o++) {
		size_t at = L->n ? rnd(s) % L->n : 0;
		switch (rnd(s) % 7) {
		case 0: /* change a word */
			if (L->n && *L->l[at]) {
				char *sp = strchr(L->l[at], ' ');
				struct buf b = BUF_INIT;
				buf_adds(&b, vocab[rnd(s) % ARRAY_SIZE(vocab)]);
				if (sp)
					buf_adds(&b, sp);
				free(L->l[at]);
				L->l[at] = buf_detach(&b);
			}
			break;
		case 1: /* add lines */
			for (unsigned k = 1 + rnd(s) % 3; k; k--)
				ins(L, at, rand_line(s));
			break;
		case 2: /* remove lines */
			for (unsigned k = 1 + rnd(s) % 3; k && L->n > 1 && at < L->n; k--)
				free(del(L, at));
			break;
		case 3: { /* move a line */
			if (L->n < 3)
				break;
			char *x = del(L, at);
			ins(L, rnd(s) % L->n, x);
			break;
		}
		case 4: /* blank line added or removed */
			if (L->n && !*L->l[at])
				free(del(L, at));
			else
				ins(L, at, xstrdup(""));
			break;
		case 5: /* append words to a line */
			if (L->n) {
				char *n = xasprintf("%s %s %s", L->l[at], vocab[rnd(s) % ARRAY_SIZE(vocab)],
						    vocab[rnd(s) % ARRAY_SIZE(vocab)]);
				free(L->l[at]);
				L->l[at] = n;
			}
			break;
		case 6: /* whitespace inside a line */
			if (L->n && strchr(L->l[at], ' ')) {
				struct buf b = BUF_INIT;
				char *sp = strchr(L->l[at], ' ');
				buf_add(&b, L->l[at], (size_t)(sp - L->l[at]));
				buf_adds(&b, "   ");
				buf_adds(&b, sp + 1);
				free(L->l[at]);
				L->l[at] = buf_detach(&b);
			}
			break;
		}
	}
}

static char *join(const struct lines *L, int final_nl)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < L->n; i++) {
		buf_adds(&b, L->l[i]);
		if (i + 1 < L->n || final_nl)
			buf_addc(&b, '\n');
	}
	if (!b.data)
		buf_adds(&b, "");
	return buf_detach(&b);
}

/* From the first "@@" line on. */
static const char *hunks_of(const char *s)
{
	if (!strncmp(s, "@@", 2))
		return s;
	const char *p = strstr(s, "\n@@");
	return p ? p + 1 : "";
}

static size_t count_markers(const char *s)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, "[-")); p += 2)
		n++;
	for (const char *p = s; (p = strstr(p, "{+")); p += 2)
		n++;
	return n;
}

static int all_ws(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\n\r", s[i]))
			return 0;
	return 1;
}

/* Undo a rendered word diff (one hunk covering the whole file): keep
 * [-..-] (want_old) or {+..+} (!want_old), drop the other. */
static char *unword(const char *s, int want_old)
{
	struct buf b = BUF_INIT;
	s = strchr(s, '\n') + 1; /* the hunk header */
	while (*s) {
		if (!strncmp(s, "[-", 2) || !strncmp(s, "{+", 2)) {
			int is_old = s[0] == '[';
			const char *end = strstr(s + 2, is_old ? "-]" : "+}");
			ck_assert_ptr_nonnull(end);
			if (is_old == want_old)
				buf_add(&b, s + 2, (size_t)(end - s - 2));
			s = end + 2;
		} else {
			buf_addc(&b, *s++);
		}
	}
	if (!b.data)
		buf_adds(&b, "");
	return buf_detach(&b);
}

START_TEST(test_unified_and_word_diff_agree_with_git_on_generated_histories)
{
	struct legal_repo *r;
	mk_tmp();
	ck_assert_int_eq(legal_init(repo_dir, "alice", T("2025-01-02"), &r), 0);
	unsigned seed = 12345;
	size_t compared = 0, mine_total = 0, git_total = 0, ws_only = 0;
	for (int h = 0; h < 30; h++) {
		struct lines L = { 0 };
		char path[64], ids[5][41];
		char *texts[5];
		snprintf(path, sizeof(path), "terms/h%d.md", h);
		for (unsigned i = 0, n = 10 + rnd(&seed) % 50; i < n; i++)
			ins(&L, L.n, rand_line(&seed));
		int nrev = 0;
		for (int v = 0; v < 5; v++) {
			if (v)
				mutate(&L, &seed);
			texts[nrev] = join(&L, rnd(&seed) % 8 != 0);
			struct legal_publish p = { path, texts[nrev], strlen(texts[nrev]), "bob",
						   T("2025-02-01") + h * 1000 + v, NULL, DK_TIME_NONE, 0, NULL };
			int rc = legal_publish_file(r, &p, ids[nrev]);
			if (rc == DK_ECONFLICT) {
				free(texts[nrev]);
				continue;
			}
			ck_assert_msg(rc == 0, "%s", err_msg());
			nrev++;
		}
		int pairs[][2] = { { 0, 1 }, { 1, 2 }, { 2, 3 }, { 3, 4 }, { 0, 4 }, { 4, 0 } };
		for (size_t k = 0; k < ARRAY_SIZE(pairs); k++) {
			int a = pairs[k][0], b = pairs[k][1];
			if (a >= nrev || b >= nrev)
				continue;
			const char *ta = texts[a], *tb = texts[b];
			/* unified */
			struct diff *d;
			ck_assert_int_eq(diff_lines(ta, strlen(ta), tb, strlen(tb), 3, &d), 0);
			struct buf mine = BUF_INIT;
			diff_format_unified(d, path, &mine);
			diff_free(d);
			char *git = run("git -C '%s' diff --no-color %s %s -- %s", repo_dir, ids[a], ids[b], path);
			ck_assert_msg(!strcmp(hunks_of(buf_str(&mine)), hunks_of(git)),
				      "history %d revs %d..%d:\n--- docket\n%s\n--- git\n%s", h, a, b, buf_str(&mine), git);
			free(git);
			/* the same read from the repository without copying (the CLI's path) */
			struct legal_text la, lb;
			ck_assert_msg(legal_text_read(r, ids[a], path, &la) == 0, "%s", err_msg());
			ck_assert_msg(legal_text_read(r, ids[b], path, &lb) == 0, "%s", err_msg());
			ck_assert_str_eq(la.id, ids[a]);
			ck_assert(la.len == strlen(ta) && !memcmp(la.data, ta, la.len));
			ck_assert(lb.len == strlen(tb) && !memcmp(lb.data, tb, lb.len));
			ck_assert_int_eq(diff_lines_texts(&la, &lb, 3, &d), 0);
			struct buf via = BUF_INIT, wa = BUF_INIT, wb = BUF_INIT;
			diff_format_unified(d, path, &via);
			ck_assert_str_eq(buf_str(&via), buf_str(&mine));
			struct word_diff *w1, *w2;
			ck_assert_int_eq(diff_words_from(d, &w1), 0);
			ck_assert_int_eq(diff_words(ta, strlen(ta), tb, strlen(tb), 3, &w2), 0);
			word_diff_format(w1, path, &wa);
			word_diff_format(w2, path, &wb);
			ck_assert_str_eq(buf_str(&wa), buf_str(&wb));
			word_diff_free(w1);
			word_diff_free(w2);
			diff_free(d);
			legal_text_free(&la);
			legal_text_free(&lb);
			buf_release(&via);
			buf_release(&wa);
			buf_release(&wb);
			buf_release(&mine);
			/* word diff: exact both ways, with the whole file as one hunk */
			struct word_diff *w;
			ck_assert_int_eq(diff_words(ta, strlen(ta), tb, strlen(tb), 1000000, &w), 0);
			struct buf ro = BUF_INIT, rn = BUF_INIT, txt = BUF_INIT;
			for (size_t i = 0; i < w->n; i++) {
				if (w->segs[i].kind == WORD_CTX || w->segs[i].kind == WORD_DEL)
					buf_add(&ro, w->segs[i].text, w->segs[i].len);
				if (w->segs[i].kind == WORD_CTX || w->segs[i].kind == WORD_ADD)
					buf_add(&rn, w->segs[i].text, w->segs[i].len);
			}
			ck_assert_str_eq(buf_str(&ro), ta);
			ck_assert_str_eq(buf_str(&rn), tb);
			word_diff_format(w, path, &txt);
			char *uo = unword(hunks_of(buf_str(&txt)), 1), *un = unword(hunks_of(buf_str(&txt)), 0);
			/* the text form adds a final newline for files without one */
			ck_assert_int_eq(strncmp(uo, ta, strlen(ta)), 0);
			ck_assert_int_eq(strncmp(un, tb, strlen(tb)), 0);
			free(uo);
			free(un);
			buf_release(&ro);
			buf_release(&rn);
			buf_release(&txt);
			word_diff_free(w);
			/* markers: no more than git's, whitespace-only ones aside */
			ck_assert_int_eq(diff_words(ta, strlen(ta), tb, strlen(tb), 3, &w), 0);
			size_t m = 0, wso = 0;
			for (size_t i = 0; i < w->n; i++)
				if (w->segs[i].kind == WORD_DEL || w->segs[i].kind == WORD_ADD) {
					if (all_ws(w->segs[i].text, w->segs[i].len))
						wso++;
					else
						m++;
				}
			word_diff_free(w);
			git = run("git -C '%s' diff --no-color --word-diff=plain %s %s -- %s", repo_dir, ids[a], ids[b],
				  path);
			size_t g = count_markers(hunks_of(git));
			ck_assert_msg(m <= g, "history %d revs %d..%d: %zu markers, git %zu\n%s", h, a, b, m, g, git);
			free(git);
			mine_total += m;
			git_total += g;
			ws_only += wso;
			compared++;
		}
		for (int i = 0; i < nrev; i++)
			free(texts[i]);
		for (size_t i = 0; i < L.n; i++)
			free(L.l[i]);
		free(L.l);
	}
	ck_assert_uint_ge(compared, 100);
	printf("diff vs git: %zu comparisons; word markers docket %zu (+%zu whitespace-only), git %zu\n", compared,
	       mine_total, ws_only, git_total);
	legal_free(r);
	rm_tmp();
}
END_TEST

/* A diff large enough to be word-diffed on several threads gives the same
 * result as on one, and stays exact both ways. */
START_TEST(test_large_word_diff_is_the_same_on_one_or_more_threads)
{
	unsigned seed = 777;
	struct lines L = { 0 };
	for (int i = 0; i < 3000; i++)
		ins(&L, L.n, rand_line(&seed));
	char *a = join(&L, 1);
	for (int k = 0; k < 400; k++)
		mutate(&L, &seed);
	char *b = join(&L, 1);
	struct diff *d;
	size_t changed = 0;
	ck_assert_int_eq(diff_lines(a, strlen(a), b, strlen(b), 3, &d), 0);
	for (size_t i = 0; i < d->n; i++)
		if (d->lines[i].kind == DIFF_DEL || d->lines[i].kind == DIFF_ADD)
			changed += d->lines[i].len + 1;
	diff_free(d);
	ck_assert_uint_ge(changed, 65536); /* the threaded path */
	struct word_diff *w1, *w4;
	diff_set_max_threads(1);
	ck_assert_int_eq(diff_words(a, strlen(a), b, strlen(b), 3, &w1), 0);
	diff_set_max_threads(4);
	ck_assert_int_eq(diff_words(a, strlen(a), b, strlen(b), 3, &w4), 0);
	diff_set_max_threads(0);
	struct buf f1 = BUF_INIT, f4 = BUF_INIT;
	word_diff_format(w1, "terms/x.md", &f1);
	word_diff_format(w4, "terms/x.md", &f4);
	ck_assert_uint_gt(f1.len, 65536);
	ck_assert_str_eq(buf_str(&f1), buf_str(&f4));
	struct word_diff *w;
	ck_assert_int_eq(diff_words(a, strlen(a), b, strlen(b), 1000000, &w), 0);
	struct buf ro = BUF_INIT, rn = BUF_INIT;
	for (size_t i = 0; i < w->n; i++) {
		if (w->segs[i].kind == WORD_CTX || w->segs[i].kind == WORD_DEL)
			buf_add(&ro, w->segs[i].text, w->segs[i].len);
		if (w->segs[i].kind == WORD_CTX || w->segs[i].kind == WORD_ADD)
			buf_add(&rn, w->segs[i].text, w->segs[i].len);
	}
	ck_assert_str_eq(buf_str(&ro), a);
	ck_assert_str_eq(buf_str(&rn), b);
	word_diff_free(w);
	word_diff_free(w1);
	word_diff_free(w4);
	buf_release(&f1);
	buf_release(&f4);
	buf_release(&ro);
	buf_release(&rn);
	for (size_t i = 0; i < L.n; i++)
		free(L.l[i]);
	free(L.l);
	free(a);
	free(b);
}
END_TEST

/* terms/tls.c: what the static link puts in place of libgit2's network
 * transports refuses with a message, and leaves nothing allocated. */
int __wrap_git_smart_subtransport_http(git_smart_subtransport **out, git_transport *owner, void *param);
int __wrap_git_smart_subtransport_ssh(git_smart_subtransport **out, git_transport *owner, void *param);
int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path);

START_TEST(test_no_network_transports)
{
	git_libgit2_init();
	git_smart_subtransport *st = (git_smart_subtransport *)&st;
	ck_assert_int_eq(__wrap_git_smart_subtransport_http(&st, NULL, NULL), -1);
	ck_assert_ptr_null(st);
	ck_assert_ptr_nonnull(strstr(git_error_last()->message, "local repositories only"));
	st = (git_smart_subtransport *)&st;
	ck_assert_int_eq(__wrap_git_smart_subtransport_ssh(&st, NULL, NULL), -1);
	ck_assert_ptr_null(st);
	ck_assert_int_eq(__wrap_git_mbedtls__set_cert_location("/etc/ssl/certs/ca-certificates.crt", NULL), -1);
	git_libgit2_shutdown();
}
END_TEST

START_TEST(test_word_diff_plain_form)
{
	struct word_diff *w;
	struct buf b = BUF_INIT;
	const char *o = "a\nb\nRefunds within 14 days of purchase.\nc\nd\n";
	const char *n = "a\nb\nRefunds within 30 days of purchase.\nc\nd\n";
	ck_assert_int_eq(diff_words(o, strlen(o), n, strlen(n), 3, &w), 0);
	word_diff_format(w, "terms/x.md", &b);
	ck_assert_str_eq(b.data, "--- a/terms/x.md\n+++ b/terms/x.md\n@@ -1,5 +1,5 @@\na\nb\nRefunds within "
				 "[-14-]{+30+} days of purchase.\nc\nd\n");
	word_diff_free(w);
	buf_reset(&b);
	/* a whole line removed stays on its own row */
	const char *n2 = "a\nb\nc\nd\n";
	ck_assert_int_eq(diff_words(o, strlen(o), n2, strlen(n2), 3, &w), 0);
	word_diff_format(w, "x", &b);
	ck_assert_str_eq(hunks_of(b.data), "@@ -1,5 +1,4 @@\na\nb[-\nRefunds within 14 days of purchase.-]\nc\nd\n");
	word_diff_free(w);
	buf_release(&b);
}
END_TEST

START_TEST(test_hunk_header_context_is_cut_and_trimmed_like_git)
{
	/* the function context is cut to 80 bytes, then trailing blanks go */
	struct buf o = BUF_INIT, n = BUF_INIT;
	char head[81];
	memset(head, 'a', 79);
	head[79] = '\0';
	buf_printf(&o, "%s tail of the heading\n\n1\n2\n3\n4\nold\n5\n", head);
	buf_printf(&n, "%s tail of the heading\n\n1\n2\n3\n4\nnew\n5\n", head);
	struct diff *d;
	ck_assert_int_eq(diff_lines(o.data, o.len, n.data, n.len, 3, &d), 0);
	ck_assert_uint_ge(d->n, 1);
	ck_assert_int_eq(d->lines[0].kind, DIFF_HUNK);
	char want[128];
	snprintf(want, sizeof(want), "@@ -4,5 +4,5 @@ %s", head);
	ck_assert_str_eq(d->lines[0].text, want);
	diff_free(d);
	buf_release(&o);
	buf_release(&n);
}
END_TEST

START_TEST(test_side_by_side_fits_the_width)
{
	const char *o = "short\nA line that is long enough to wrap inside its column, surely it is.\nsame\n";
	const char *n = "short\nA line that changed and is long enough to wrap inside its column.\nsame\nadded\n";
	struct diff *d;
	struct buf b = BUF_INIT;
	ck_assert_int_eq(diff_lines(o, strlen(o), n, strlen(n), 3, &d), 0);
	ck_assert_int_eq(diff_format_side_by_side(d, 40, &b), 0);
	const char *p = b.data;
	int rows = 0, saw_change = 0, saw_add = 0;
	while (*p) {
		const char *e = strchr(p, '\n');
		ck_assert_int_le((int)(e - p), 40);
		if (strncmp(p, "@@", 2)) {
			ck_assert_int_ge((int)(e - p), 19);
			saw_change |= p[19] == '|';
			saw_add |= p[19] == '>';
		}
		rows++;
		p = e + 1;
	}
	ck_assert(saw_change && saw_add);
	ck_assert_int_ge(rows, 7);
	ck_assert_ptr_nonnull(strstr(b.data, "\nshort                short\n"));
	diff_free(d);
	buf_release(&b);
}
END_TEST


/* The demo's glued cases (issue 16): removed and added text read apart
 * without colour, each row of a wrapped or multi-line change carries its
 * own signs, continuation rows are indented. */
static char *rows_text(const struct mark_rows *m)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < m->n; i++) {
		ck_assert_int_le(m->r[i].cols, 80);
		buf_add(&b, m->r[i].text, m->r[i].len);
		buf_addc(&b, '\n');
	}
	return buf_detach(&b);
}

static char *word_rows(const char *o, const char *n, int cols)
{
	struct word_diff *w;
	struct word_lines *L;
	struct mark_rows m = { 0 };
	ck_assert_int_eq(diff_words(o, strlen(o), n, strlen(n), 3, &w), 0);
	ck_assert_int_eq(word_diff_lines(w, &L), 0);
	for (size_t i = 0; i < L->n; i++) {
		if (L->l[i].kind == WORD_HUNK)
			continue;
		diff_mark_line(L->l[i].text, L->l[i].len, L->l[i].spans, L->l[i].nspans, cols, 2, 1, &m);
	}
	char *t = rows_text(&m);
	for (size_t i = 0; i < m.n; i++)
		for (size_t k = 0; k < m.r[i].nspans; k++) {
			const struct mark_span *sp = &m.r[i].spans[k];
			ck_assert_uint_le(sp->off + sp->len, m.r[i].len);
			if (sp->kind == WORD_MARK)
				ck_assert(!strncmp(m.r[i].text + sp->off, "[-", 2) || !strncmp(m.r[i].text + sp->off, "-]", 2) ||
					  !strncmp(m.r[i].text + sp->off, "{+", 2) || !strncmp(m.r[i].text + sp->off, "+}", 2));
		}
	mark_rows_free(&m);
	word_lines_free(L);
	word_diff_free(w);
	return t;
}

START_TEST(test_word_rows_read_apart_and_keep_continuations_with_their_change)
{
	const char *o = "## 9. Changes\n\nWe may change these Terms. We will publish each new version with the date on\n"
			"which it takes effect and, where a change affects existing customers, give\n"
			"you reasonable notice before it applies to you.\n\n## 10. Termination\n";
	const char *n = "## 9. Changes\n\nWe may change these Terms. We will publish each new version with the date on\n"
			"which it takes effect and, where a change affects existing customers, give\n"
			"you at least 30 days' notice by email before it applies to you. If you do\n"
			"not agree, you may close your account before the change takes effect.\n\n## 10. Termination\n";
	char *t = word_rows(o, n, 80);
	ck_assert_str_eq(t, "\n"
			    "We may change these Terms. We will publish each new version with the date on\n"
			    "which it takes effect and, where a change affects existing customers, give\n"
			    "you [-reasonable-]{+at least 30 days'+} notice {+by email +}before it applies to\n"
			    "  you.{+ If you do+}\n"
			    "{+not agree, you may close your account before the change takes effect.+}\n"
			    "\n## 10. Termination\n");
	free(t);
	/* a heading replaced by another: not "### 1.3 The services## 2. Privacy" */
	const char *o2 = "a\nb\nc\n### 1.3 The services\nd\ne\nf\n";
	const char *n2 = "a\nb\nc\n## 2. Privacy\nd\ne\nf\n";
	t = word_rows(o2, n2, 80);
	ck_assert_str_eq(t, "a\nb\nc\n[-### 1.3 The services-]{+## 2. Privacy+}\nd\ne\nf\n");
	free(t);
	/* a change wider than the row: closed and opened again on each row */
	const char *o3 = "x\nkeep this\n";
	const char *n3 = "x\nkeep alpha beta gamma delta epsilon zeta eta theta this\n";
	t = word_rows(o3, n3, 24);
	ck_assert_str_eq(t, "x\nkeep {+alpha beta +}\n  {+gamma delta +}\n  {+epsilon zeta eta +}\n  {+theta +}this\n");
	free(t);
	/* hostile text stays visible: escape, bidi override */
	const char *o4 = "x\nplain\n";
	const char *n4 = "x\nplain \x1b[2J \xe2\x80\xae evil\n";
	t = word_rows(o4, n4, 80);
	ck_assert_str_eq(t, "x\nplain{+ ^[[2J <U+202E> evil+}\n");
	free(t);
}
END_TEST

/* Side by side follows the diff: an inserted section stands against
 * blanks, the renumbered headings beside each other with the changed
 * words marked in both columns (not line k of the old block beside line
 * k of the new one). */
START_TEST(test_side_by_side_aligns_rows_by_the_diff)
{
	const char *o = "# T\n\n## 1. Definitions\n\nWords.\n\n## 2. Your account\n\nKeep it safe.\n\n"
			"## 3. Fees\n\nPay on time.\n";
	const char *n = "# T\n\n## 1. Definitions\n\nWords.\n\n## 2. Privacy\n\nWe process personal data.\n\n"
			"## 3. Your account\n\nKeep it safe.\n\n## 4. Fees\n\nPay on time.\n";
	struct diff *d;
	struct sbs_rows *s;
	ck_assert_int_eq(diff_lines(o, strlen(o), n, strlen(n), 3, &d), 0);
	ck_assert_int_eq(diff_side_by_side(d, 80, &s), 0);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < s->n; i++) {
		buf_add(&b, s->r[i].text, s->r[i].len);
		buf_addc(&b, '\n');
		if (s->r[i].mark && s->r[i].len > 38)
			ck_assert_uint_eq(s->r[i].split, 38);
	}
	/* the old account heading beside the new one (which the word diff
	 * pairs it with); Fees beside Fees, the number marked both sides */
	ck_assert_ptr_nonnull(strstr(b.data, "\n## [-2.-] Your account                 | ## {+3.+} Your account\n"));
	ck_assert_ptr_nonnull(strstr(b.data, "\n## [-3.-] Fees                         | ## {+4.+} Fees\n"));
	/* the inserted lines against blanks */
	ck_assert_ptr_nonnull(strstr(b.data, "\n                                       > ## 2. Privacy\n"));
	ck_assert_ptr_nonnull(strstr(b.data, "\n                                       > We process personal data.\n"));
	/* unchanged lines side by side */
	ck_assert_ptr_nonnull(strstr(b.data, "\nPay on time.                             Pay on time.\n"));
	sbs_rows_free(s);
	diff_free(d);
	buf_release(&b);
}
END_TEST

START_TEST(test_hunk_headers_name_the_clause)
{
	struct buf o = BUF_INIT, n = BUF_INIT;
	buf_adds(&o, "# Terms\n\nIntro.\n\n## 1. Definitions\n\n");
	for (int i = 0; i < 20; i++)
		buf_printf(&o, "line %d\n", i);
	buf_adds(&o, "\n## 9. Refunds\n\n### 9.1 Window\n\nWithin 14 days.\nOf purchase.\nAnd more.\nEnd.\n");
	buf_adds(&n, "# Terms\n\nIntro changed.\n\n## 1. Definitions\n\n");
	for (int i = 0; i < 20; i++)
		buf_printf(&n, "line %d\n", i);
	buf_adds(&n, "\n## 9. Refunds\n\n### 9.1 Window\n\nWithin 30 days.\nOf purchase.\nAnd more.\nEnd.\n");
	struct diff *d;
	ck_assert_int_eq(diff_lines(o.data, o.len, n.data, n.len, 3, &d), 0);
	char **lab;
	size_t k;
	ck_assert_int_eq(diff_hunk_clauses(d, o.data, o.len, n.data, n.len, &lab, &k), 0);
	ck_assert_uint_eq(k, 2);
	ck_assert_str_eq(lab[0], "Terms");
	ck_assert_str_eq(lab[1], "§9.1 Window");
	/* git's context is replaced, the numbers kept */
	size_t h = 0;
	while (d->lines[h].kind != DIFF_HUNK || !h) h++;
	char *hd = diff_hunk_header_with(d->lines[h].text, d->lines[h].len, lab[1]);
	ck_assert_msg(!strncmp(hd, "@@ -", 4) && strstr(hd, " @@ §9.1 Window") && !strstr(hd, "line"), "%s", hd);
	free(hd);
	/* and the unified text is git's, untouched */
	struct buf u = BUF_INIT;
	diff_format_unified(d, "x", &u);
	ck_assert_ptr_null(strstr(u.data, "§9.1"));
	buf_release(&u);
	diff_hunk_clauses_free(lab, k);
	diff_free(d);
	buf_release(&o);
	buf_release(&n);
}
END_TEST


/* The notice a changes clause promises: one number of days, or nothing
 * reliable (issue 16 item 5). */
START_TEST(test_notice_promise_reads_the_changes_clause)
{
	struct {
		const char *text;
		int rc, days;
		const char *clause;
	} cases[] = {
		{ "# T\n\n## 9. Changes to these Terms\n\nWe will give you at least 30 days' notice by email before it "
		  "applies to you.\n\n## 10. Termination\n\nWithin 14 days of notice.\n",
		  1, 30, "§9 Changes to these Terms" },
		{ "## Changes to this Agreement\n\nWe will notify you thirty (30) days in advance.\n", 1, 30,
		  "Changes to this Agreement" },
		{ "## Changes to the policy\n\nWe give sixty days notice.\n", 1, 60, "Changes to the policy" },
		{ "## 8. Changes to these Terms\n\nWe give you reasonable notice before it applies to you.\n", 0, 0,
		  NULL },
		{ "## 8. Changes to these Terms\n\nWe give 30 days' notice, or 60 days' notice for price rises.\n", -1, 0,
		  NULL },
		{ "## 8. Changes to these Terms\n\nWe give 10 business days' notice.\n", -1, 0, NULL },
		{ "## 8. Changes to these Terms\n\nWe give one month's notice.\n", -1, 0, NULL },
		/* a price change clause is not about the terms */
		{ "### 4.4 Price changes\n\nWe will tell you at least 30 days before a new price applies.\n", 0, 0, NULL },
		{ "No headings, 30 days' notice.\n", 0, 0, NULL },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int days = -5;
		char *clause = NULL;
		int rc = redline_notice_promise(cases[i].text, strlen(cases[i].text), &days, &clause);
		ck_assert_msg(rc == cases[i].rc, "case %zu: rc %d", i, rc);
		if (rc == 1) {
			ck_assert_int_eq(days, cases[i].days);
			ck_assert_str_eq(clause, cases[i].clause);
		} else {
			ck_assert_ptr_null(clause);
		}
		free(clause);
	}
}
END_TEST

/* The redline escapes every text it shows and marks exactly the word
 * diff's parts. */
START_TEST(test_redline_html_escapes_and_marks)
{
	const char *o = "# T\n\n## 1. Refunds\n\nWithin 14 days <b>now</b>.\n";
	const char *n = "# T\n\n## 1. Refunds\n\nWithin 30 days <script>x</script> & \"q\" \xe2\x80\xae.\n";
	struct redline r = { "terms-of-service", "terms/terms-of-service.md",
			     { { "aaaaaaa111", "2026-01-01", "2026-01-02", 0, "2026-01-02", "<ann>", "a@x", "s & t" },
			       { "bbbbbbb222", "2026-02-01", "2026-03-03", 30, "2026-03-03", "bob", "", "<i>x</i>" } },
			     o, n, strlen(o), strlen(n), "less than <30> days" };
	struct buf b = BUF_INIT;
	ck_assert_int_eq(redline_html(&r, &b), 0);
	const char *h = b.data;
	ck_assert_ptr_null(strstr(h, "<script"));
	ck_assert_ptr_null(strstr(h, "<b>"));
	ck_assert_ptr_null(strstr(h, "<i>"));
	ck_assert_ptr_null(strstr(h, "<ann>"));
	ck_assert_ptr_null(strstr(h, "http:"));
	ck_assert_ptr_null(strstr(h, "https:"));
	ck_assert_ptr_null(strstr(h, "url("));
	ck_assert_ptr_nonnull(strstr(h, "Within <del>14</del><ins>30</ins> days <del>&lt;b&gt;now&lt;/b&gt;.</del>"
					"<ins>&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot; &lt;U+202E&gt;.</ins>\n"));
	ck_assert_ptr_nonnull(strstr(h, "<td>&lt;ann&gt; &lt;a@x&gt;</td><td>bob</td>"));
	ck_assert_ptr_nonnull(strstr(h, "<td>s &amp; t</td><td>&lt;i&gt;x&lt;/i&gt;</td>"));
	ck_assert_ptr_nonnull(strstr(h, "<strong>Warning:</strong> less than &lt;30&gt; days</p>"));
	ck_assert_ptr_nonnull(strstr(h, "<li>§1 Refunds changed</li>"));
	ck_assert_ptr_nonnull(strstr(h, "@media print"));
	ck_assert_ptr_nonnull(strstr(h, "<title>Redline: terms-of-service, aaaaaaa to bbbbbbb</title>"));
	buf_release(&b);
}
END_TEST

START_TEST(test_clauses_report_added_removed_changed_moved)
{
	const char *o = "# T\n\nIntro.\n\n## 1. Definitions\n\nWords.\n\n## 2. Fees\n\n### 2.1 Prices\n\nP.\n\n"
			"### 2.2 Refunds\n\nWithin 14 days.\n\n## 3. Privacy\n\nWe care.\n\n## 4. Liability\n\nLimited.\n\n"
			"## 5. Termination\n\nAny time.\n";
	const char *n = "# T\n\nIntro.\n\n## 1. Definitions\n\nWords.\n\n## 2. Privacy\n\nWe care.\n\n## 3. Fees\n\n"
			"### 3.1 Prices\n\nP.\n\n### 3.2 Refunds\n\nWithin 30 days.\n\n## 4. Acceptable use\n\nBe nice.\n\n"
			"## 5. Liability\n\nLimited.\n";
	struct clause_list *c;
	struct buf b = BUF_INIT;
	ck_assert_int_eq(diff_clauses(o, strlen(o), n, strlen(n), &c), 0);
	diff_format_clauses(c, &b);
	ck_assert_str_eq(b.data, "§2 Privacy moved (was §3)\n"
				 "§3.2 Refunds changed (was §2.2)\n"
				 "§4 Acceptable use added\n"
				 "§5 Termination removed\n");
	clause_list_free(c);
	buf_release(&b);
}
END_TEST

START_TEST(test_demo_history_has_eight_published_revisions_and_is_deterministic)
{
	struct legal_repo *r;
	struct legal_rev *v, *v2;
	size_t n, n2;
	mk_tmp();
	ck_assert_int_eq(legal_init(repo_dir, "alice", T("2024-01-01T09:00:00Z"), &r), 0);
	ck_assert_int_eq(legal_demo_history(r, T("2024-02-01"), T("2026-01-31"), 7, &v, &n), 0);
	ck_assert_uint_ge(n, 9);
	int with_notice = 0;
	for (size_t i = 1; i < n; i++) {
		ck_assert(v[i].has_effective);
		ck_assert_int_ge(v[i].effective, v[i].committed_at - 86400);
		ck_assert_int_gt(v[i].committed_at, v[i - 1].committed_at);
		ck_assert_int_le(v[i].committed_at, T("2026-01-31"));
		with_notice += v[i].notice_days > 0;
	}
	ck_assert_int_ge(with_notice, 3);
	char *s = run("git -C '%s' log --format='%%an' main -- terms/terms-of-service.md | sort -u | wc -l", repo_dir);
	ck_assert_int_ge(atoi(s), 3);
	free(s);
	s = run("git -C '%s' fsck --strict 2>&1 && git -C '%s' status --porcelain && echo OK", repo_dir, repo_dir);
	ck_assert_str_eq(s, "OK\n");
	free(s);
	/* clauses moved, added, removed and reworded over the history */
	char *a, *b;
	size_t al, bl;
	ck_assert_int_eq(legal_show(r, v[0].id, "terms/terms-of-service.md", &a, &al, NULL), 0);
	ck_assert_int_eq(legal_show(r, v[n - 1].id, "terms/terms-of-service.md", &b, &bl, NULL), 0);
	struct clause_list *c;
	ck_assert_int_eq(diff_clauses(a, al, b, bl, &c), 0);
	int kinds[5] = { 0 };
	for (size_t i = 0; i < c->n; i++)
		kinds[c->items[i].change]++;
	ck_assert(kinds[CLAUSE_ADDED] && kinds[CLAUSE_REMOVED] && kinds[CLAUSE_CHANGED] &&
		  (kinds[CLAUSE_MOVED] || kinds[CLAUSE_MOVED_CHANGED]));
	clause_list_free(c);
	free(a);
	free(b);
	legal_free(r);
	/* same seed, same start: same commits */
	char first[64];
	snprintf(first, sizeof(first), "%s", tmp);
	char dir2[160];
	snprintf(dir2, sizeof(dir2), "%s/legal2", first);
	ck_assert_int_eq(legal_init(dir2, "alice", T("2024-01-01T09:00:00Z"), &r), 0);
	ck_assert_int_eq(legal_demo_history(r, T("2024-02-01"), T("2026-01-31"), 7, &v2, &n2), 0);
	ck_assert_uint_eq(n, n2);
	ck_assert_str_eq(v[n - 1].id, v2[n2 - 1].id);
	legal_revs_free(v, n);
	legal_revs_free(v2, n2);
	legal_free(r);
	rm_tmp();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("terms");
	TCase *tc = tcase_create("legal");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_init_makes_a_repository_git_reads_cleanly);
	tcase_add_test(tc, test_open_reports_missing_not_a_repo_and_corrupt);
	tcase_add_test(tc, test_log_lists_revisions_with_trailers_like_git_log);
	tcase_add_test(tc, test_publish_compare_and_swap_refuses_a_moved_branch_and_rewinds);
	tcase_add_test(tc, test_show_resolves_revs_and_refuses_bad_documents);
	tcase_add_test(tc, test_five_megabyte_document_and_rename);
	tcase_add_test(tc, test_demo_history_has_eight_published_revisions_and_is_deterministic);
	suite_add_tcase(s, tc);
	TCase *td = tcase_create("diff");
	tcase_set_timeout(td, 300);
	tcase_add_test(td, test_unified_and_word_diff_agree_with_git_on_generated_histories);
	tcase_add_test(td, test_large_word_diff_is_the_same_on_one_or_more_threads);
	tcase_add_test(td, test_word_diff_plain_form);
	tcase_add_test(td, test_no_network_transports);
	tcase_add_test(td, test_hunk_header_context_is_cut_and_trimmed_like_git);
	tcase_add_test(td, test_side_by_side_fits_the_width);
	tcase_add_test(td, test_clauses_report_added_removed_changed_moved);
	tcase_add_test(td, test_word_rows_read_apart_and_keep_continuations_with_their_change);
	tcase_add_test(td, test_side_by_side_aligns_rows_by_the_diff);
	tcase_add_test(td, test_hunk_headers_name_the_clause);
	tcase_add_test(td, test_notice_promise_reads_the_changes_clause);
	tcase_add_test(td, test_redline_html_escapes_and_marks);
	suite_add_tcase(s, td);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
