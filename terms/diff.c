/* diff.c - line, word, side-by-side and clause diffs of legal documents. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "lib/err.h"
#include "lib/text.h"
#include "lib/util.h"
#include "terms/diff.h"
#include "terms/legal.h"

/* ---- line diff through libgit2's xdiff (the same engine as git) */

struct line_ctx {
	struct diff *d;
	size_t cap;
};

static void push_line(struct line_ctx *lc, enum diff_kind kind, const char *text, size_t len, int old_no,
		      int new_no)
{
	ARRAY_GROW(lc->d->lines, lc->cap, lc->d->n + 1);
	struct diff_line *l = &lc->d->lines[lc->d->n++];
	l->kind = kind;
	l->text = xstrndup(text, len);
	l->len = len;
	l->old_no = old_no;
	l->new_no = new_no;
	l->noeol = 0;
}

static int hunk_cb(const git_diff_delta *delta, const git_diff_hunk *h, void *payload)
{
	/* git trims trailing blanks of the function context after cutting it
	 * to 80 bytes, libgit2 before: trim again */
	size_t n = h->header_len;
	while (n && isspace((unsigned char)h->header[n - 1]))
		n--;
	push_line(payload, DIFF_HUNK, h->header, n, h->old_start, h->new_start);
	return 0;
}

static int line_cb(const git_diff_delta *delta, const git_diff_hunk *h, const git_diff_line *l, void *payload)
{
	struct line_ctx *lc = payload;
	enum diff_kind kind;
	switch (l->origin) {
	case GIT_DIFF_LINE_CONTEXT:
		kind = DIFF_CTX;
		break;
	case GIT_DIFF_LINE_ADDITION:
		kind = DIFF_ADD;
		break;
	case GIT_DIFF_LINE_DELETION:
		kind = DIFF_DEL;
		break;
	case GIT_DIFF_LINE_CONTEXT_EOFNL:
	case GIT_DIFF_LINE_ADD_EOFNL:
	case GIT_DIFF_LINE_DEL_EOFNL:
		/* the previous line had no newline at end of file */
		if (lc->d->n)
			lc->d->lines[lc->d->n - 1].noeol = 1;
		return 0;
	default:
		return 0;
	}
	size_t n = l->content_len;
	if (n && l->content[n - 1] == '\n')
		n--;
	push_line(lc, kind, l->content, n, l->old_lineno > 0 ? l->old_lineno : 0,
		  l->new_lineno > 0 ? l->new_lineno : 0);
	return 0;
}

static int count_lines(const char *s, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			c++;
	if (n && s[n - 1] != '\n')
		c++;
	return c;
}

/* Both inputs are either buffers or blobs: libgit2 hashes buffers to give
 * them ids (two SHA-1s of the whole documents), blobs have theirs. */
static int diff_lines_from(const char *old, size_t olen, const char *new_, size_t nlen, const git_blob *ob,
			   const git_blob *nb, int context, struct diff **out)
{
	git_diff_options opts;
	struct line_ctx lc = { xcalloc(1, sizeof(struct diff)), 0 };
	int grc;

	*out = NULL;
	git_libgit2_init();
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_INDENT_HEURISTIC | GIT_DIFF_FORCE_TEXT;
	opts.context_lines = context < 0 ? 3 : (uint32_t)context;
	opts.interhunk_lines = 0;
	if (ob && nb)
		grc = git_diff_blobs(ob, "a", nb, "b", &opts, NULL, NULL, hunk_cb, line_cb, &lc);
	else
		grc = git_diff_buffers(old, olen, "a", new_, nlen, "b", &opts, NULL, NULL, hunk_cb, line_cb, &lc);
	if (grc < 0) {
		const git_error *e = git_error_last();
		err_set(DK_ERR, "diff: %s", e && e->message ? e->message : "failed");
		git_libgit2_shutdown();
		diff_free(lc.d);
		return DK_ERR;
	}
	git_libgit2_shutdown();
	lc.d->old_lines = count_lines(old, olen);
	lc.d->new_lines = count_lines(new_, nlen);
	*out = lc.d;
	return 0;
}

int diff_lines(const char *old, size_t olen, const char *new_, size_t nlen, int context, struct diff **out)
{
	return diff_lines_from(old, olen, new_, nlen, NULL, NULL, context, out);
}

int diff_lines_texts(const struct legal_text *old, const struct legal_text *new_, int context, struct diff **out)
{
	return diff_lines_from(old->data, old->len, new_->data, new_->len, old->blob, new_->blob, context, out);
}

void diff_free(struct diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i].text);
	free(d->lines);
	free(d);
}

void diff_format_unified(const struct diff *d, const char *path, struct buf *out)
{
	if (!d->n)
		return;
	buf_printf(out, "--- a/%s\n+++ b/%s\n", path, path);
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_line *l = &d->lines[i];
		switch (l->kind) {
		case DIFF_HUNK:
			break;
		case DIFF_CTX:
			buf_addc(out, ' ');
			break;
		case DIFF_ADD:
			buf_addc(out, '+');
			break;
		case DIFF_DEL:
			buf_addc(out, '-');
			break;
		}
		buf_add(out, l->text, l->len);
		buf_addc(out, '\n');
		if (l->noeol)
			buf_adds(out, "\\ No newline at end of file\n");
	}
}

/* ---- word diff */

struct word_ctx {
	struct word_diff *w;
	size_t cap;
	size_t tail_cap; /* bytes allocated for the last segment's text */
};

static void push_seg(struct word_ctx *wc, enum word_kind kind, const char *text, size_t len)
{
	if (!len && kind != WORD_HUNK)
		return;
	struct word_diff *w = wc->w;
	if (kind != WORD_HUNK && w->n && w->segs[w->n - 1].kind == kind) {
		/* one word at a time: grow geometrically, not per word */
		struct word_seg *s = &w->segs[w->n - 1];
		if (s->len + len + 1 > wc->tail_cap) {
			size_t want = s->len + len + 1;
			assert(want > s->len);
			wc->tail_cap = want < 64 ? 64 : want * 2;
			s->text = xrealloc(s->text, wc->tail_cap);
		}
		memcpy(s->text + s->len, text, len);
		s->len += len;
		s->text[s->len] = '\0';
		return;
	}
	ARRAY_GROW(w->segs, wc->cap, w->n + 1);
	struct word_seg *s = &w->segs[w->n++];
	s->kind = kind;
	s->text = xstrndup(text, len);
	s->len = len;
	wc->tail_cap = len + 1;
}

/* push_seg() taking over a malloc'd text (freed here when it is merged
 * into the previous segment) */
static void push_seg_owned(struct word_ctx *wc, enum word_kind kind, char *text, size_t len)
{
	struct word_diff *w = wc->w;
	if ((!len && kind != WORD_HUNK) || (kind != WORD_HUNK && w->n && w->segs[w->n - 1].kind == kind)) {
		push_seg(wc, kind, text, len);
		free(text);
		return;
	}
	ARRAY_GROW(w->segs, wc->cap, w->n + 1);
	w->segs[w->n++] = (struct word_seg){ kind, text, len };
	wc->tail_cap = len + 1;
}

/* git's default word: a maximal run of non-whitespace */
static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct span {
	size_t b, e; /* begin/end offsets of a word */
};

struct words {
	struct span *w;
	size_t n, cap;
	struct buf lines; /* one word per line, for xdiff */
};

static void split_words(const char *s, size_t len, struct words *w)
{
	size_t i = 0;
	while (i < len) {
		while (i < len && is_ws((unsigned char)s[i]))
			i++;
		if (i >= len)
			break;
		size_t st = i;
		while (i < len && !is_ws((unsigned char)s[i]))
			i++;
		ARRAY_GROW(w->w, w->cap, w->n + 1);
		w->w[w->n].b = st;
		w->w[w->n].e = i;
		w->n++;
		buf_add(&w->lines, s + st, i - st);
		buf_addc(&w->lines, '\n');
	}
}

static void words_free(struct words *w)
{
	free(w->w);
	buf_release(&w->lines);
}

struct whunk {
	size_t os, on, ns, nn; /* 0-based first word and count, each side */
};

struct whunks {
	struct whunk *h;
	size_t n, cap;
};

static int whunk_cb(const git_diff_delta *delta, const git_diff_hunk *h, void *payload)
{
	struct whunks *wh = payload;
	ARRAY_GROW(wh->h, wh->cap, wh->n + 1);
	struct whunk *x = &wh->h[wh->n++];
	/* unified convention: an empty side starts *after* line `start` */
	x->on = (size_t)h->old_lines;
	x->nn = (size_t)h->new_lines;
	x->os = h->old_lines ? (size_t)h->old_start - 1 : (size_t)h->old_start;
	x->ns = h->new_lines ? (size_t)h->new_start - 1 : (size_t)h->new_start;
	return 0;
}

/* Emit the text between two aligned points: A (old) and B (new) contain
 * the same words apart from at most one change; keep shared whitespace
 * at both ends as context. */
static void emit_between(struct word_ctx *wc, const char *a, size_t al, const char *b, size_t bl)
{
	if (al == bl && !memcmp(a, b, al)) {
		push_seg(wc, WORD_CTX, a, al);
		return;
	}
	size_t p = 0, s = 0;
	while (p < al && p < bl && a[p] == b[p] && is_ws((unsigned char)a[p]))
		p++;
	while (s < al - p && s < bl - p && a[al - 1 - s] == b[bl - 1 - s] && is_ws((unsigned char)a[al - 1 - s]))
		s++;
	push_seg(wc, WORD_CTX, a, p);
	push_seg(wc, WORD_DEL, a + p, al - p - s);
	push_seg(wc, WORD_ADD, b + p, bl - p - s);
	push_seg(wc, WORD_CTX, a + al - s, s);
}

static int word_block(struct word_ctx *wc, const char *o, size_t ol, const char *n, size_t nl)
{
	struct words wo = { 0 }, wn = { 0 };
	struct whunks wh = { 0 };
	git_diff_options opts;
	int rc = 0;

	if (!ol || !nl) {
		push_seg(wc, WORD_DEL, o, ol);
		push_seg(wc, WORD_ADD, n, nl);
		return 0;
	}
	split_words(o, ol, &wo);
	split_words(n, nl, &wn);
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_FORCE_TEXT; /* git: xpp.flags = 0, no heuristic */
	opts.context_lines = 0;
	opts.interhunk_lines = 0;
	if (git_diff_buffers(wo.lines.data, wo.lines.len, "a", wn.lines.data, wn.lines.len, "b", &opts, NULL, NULL,
			     whunk_cb, NULL, &wh) < 0) {
		const git_error *e = git_error_last();
		rc = err_set(DK_ERR, "word diff: %s", e && e->message ? e->message : "failed");
		goto out;
	}
	/* Walk the common words between hunks; between two consecutive common
	 * words (and at both ends) emit the old and new text in between. */
	size_t io = 0, in = 0;   /* next word index, each side */
	size_t po = 0, pn = 0;   /* text consumed, each side */
	for (size_t k = 0; k <= wh.n; k++) {
		size_t stop_o = k < wh.n ? wh.h[k].os : wo.n;
		/* common words io..stop_o pair with in.. */
		while (io < stop_o) {
			emit_between(wc, o + po, wo.w[io].b - po, n + pn, wn.w[in].b - pn);
			push_seg(wc, WORD_CTX, o + wo.w[io].b, wo.w[io].e - wo.w[io].b);
			po = wo.w[io].e;
			pn = wn.w[in].e;
			io++;
			in++;
		}
		if (k == wh.n)
			break;
		/* skip the hunk's words; the region up to the next common word
		 * (or the end) is emitted by the next emit_between */
		io = wh.h[k].os + wh.h[k].on;
		in = wh.h[k].ns + wh.h[k].nn;
		size_t next_o = io < wo.n ? wo.w[io].b : ol;
		size_t next_n = in < wn.n ? wn.w[in].b : nl;
		emit_between(wc, o + po, next_o - po, n + pn, next_n - pn);
		po = next_o;
		pn = next_n;
	}
	emit_between(wc, o + po, ol - po, n + pn, nl - pn);
out:
	free(wh.h);
	words_free(&wo);
	words_free(&wn);
	return rc;
}

static int ends_nl(const struct word_seg *s)
{
	return s->len && s->text[s->len - 1] == '\n';
}

/* Whole removed/added lines come out as CTX "A\n" DEL "x\n" CTX "B";
 * written as text that would put "-]" at the start of B's line. Move
 * each run's newline to its front instead (CTX "A" DEL "\nx" CTX "\nB"),
 * which is the same text, so that each line stays on its own row. */
static void rotate_newlines(struct word_diff *w)
{
	for (size_t i = 1; i < w->n; i++) {
		struct word_seg *prev = &w->segs[i - 1];
		if (prev->kind != WORD_CTX || !ends_nl(prev))
			continue;
		size_t j = i;
		while (j < w->n && (w->segs[j].kind == WORD_DEL || w->segs[j].kind == WORD_ADD) && ends_nl(&w->segs[j]))
			j++;
		if (j == i || (j < w->n && w->segs[j].kind != WORD_CTX && w->segs[j].kind != WORD_HUNK))
			continue;
		/* a run of one DEL and/or one ADD, each ending in '\n' */
		if (j - i > 2 || (j - i == 2 && w->segs[i].kind == w->segs[i + 1].kind))
			continue;
		prev->len--;
		prev->text[prev->len] = '\0';
		for (size_t k = i; k < j; k++) {
			struct word_seg *s = &w->segs[k];
			memmove(s->text + 1, s->text, s->len - 1);
			s->text[0] = '\n';
		}
		if (j < w->n && w->segs[j].kind == WORD_CTX) {
			struct word_seg *s = &w->segs[j];
			s->text = xrealloc(s->text, s->len + 2);
			memmove(s->text + 1, s->text, s->len + 1);
			s->text[0] = '\n';
			s->len++;
		} else {
			/* insert a CTX "\n" at j */
			size_t cap = w->n;
			ARRAY_GROW(w->segs, cap, w->n + 1);
			memmove(&w->segs[j + 1], &w->segs[j], (w->n - j) * sizeof(*w->segs));
			w->segs[j] = (struct word_seg){ WORD_CTX, xstrdup("\n"), 1 };
			w->n++;
		}
		i = j;
	}
}

int diff_words(const char *old, size_t olen, const char *new_, size_t nlen, int context, struct word_diff **out)
{
	struct diff *d;
	int rc;

	*out = NULL;
	if ((rc = diff_lines(old, olen, new_, nlen, context, &d)))
		return rc;
	rc = diff_words_from(d, out);
	diff_free(d);
	return rc;
}

/* The blocks of removed and added lines between two context lines are
 * word-diffed independently of each other, so large diffs spread them over
 * a few threads (libgit2's diff of two buffers shares no state). */
struct wblock {
	size_t at;             /* index in d->lines of the block's first line */
	struct buf o, n;       /* old and new text of the block */
	struct word_ctx wc;    /* its segments */
	int rc;
	char err[256];
};

struct wjobs {
	struct wblock *b;
	size_t n;
	size_t next; /* next block to take (atomic) */
};

static void run_block(struct wblock *b)
{
	b->wc.w = xcalloc(1, sizeof(struct word_diff));
	b->rc = word_block(&b->wc, b->o.data ? b->o.data : "", b->o.len, b->n.data ? b->n.data : "", b->n.len);
	if (b->rc)
		snprintf(b->err, sizeof(b->err), "%s", err_msg());
}

static void *block_worker(void *arg)
{
	struct wjobs *j = arg;
	size_t i;
	while ((i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED)) < j->n)
		run_block(&j->b[i]);
	return NULL;
}

static int max_threads; /* 0: as many as CPUs, at most 4 */

void diff_set_max_threads(int n)
{
	max_threads = n < 0 ? 0 : n;
}

/* Threads for `bytes` of changed text: one below 64 KB, at most 4. */
static int block_threads(size_t bytes)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = cpus > 4 ? 4 : cpus < 1 ? 1 : (int)cpus;
	if (max_threads && max_threads < n)
		n = max_threads;
	return bytes < 65536 ? 1 : n;
}

int diff_words_from(const struct diff *d, struct word_diff **out)
{
	struct word_ctx wc = { xcalloc(1, sizeof(struct word_diff)), 0, 0 };
	struct wjobs jobs = { NULL, 0, 0 };
	size_t cap = 0, bytes = 0;
	int rc = 0;

	*out = NULL;
	/* 1. the blocks */
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_line *l = &d->lines[i];
		if (l->kind != DIFF_DEL && l->kind != DIFF_ADD)
			continue;
		if (!i || (d->lines[i - 1].kind != DIFF_DEL && d->lines[i - 1].kind != DIFF_ADD)) {
			ARRAY_GROW(jobs.b, cap, jobs.n + 1);
			memset(&jobs.b[jobs.n], 0, sizeof(jobs.b[0]));
			jobs.b[jobs.n++].at = i;
		}
		struct wblock *b = &jobs.b[jobs.n - 1];
		struct buf *t = l->kind == DIFF_DEL ? &b->o : &b->n;
		buf_add(t, l->text, l->len);
		if (!l->noeol)
			buf_addc(t, '\n');
		bytes += l->len + 1;
	}
	/* 2. their word diffs */
	git_libgit2_init();
	int nt = block_threads(bytes);
	pthread_t tid[4];
	int started = 0;
	for (int t = 1; t < nt; t++)
		if (!pthread_create(&tid[started], NULL, block_worker, &jobs))
			started++;
	block_worker(&jobs);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	git_libgit2_shutdown();
	/* 3. context, hunk headers and blocks, in order */
	size_t k = 0;
	for (size_t i = 0; i < d->n && !rc; i++) {
		const struct diff_line *l = &d->lines[i];
		if (k < jobs.n && jobs.b[k].at == i) {
			struct wblock *b = &jobs.b[k++];
			if (b->rc) {
				rc = err_set(b->rc, "%s", b->err);
				break;
			}
			for (size_t j = 0; j < b->wc.w->n; j++) {
				struct word_seg *sg = &b->wc.w->segs[j];
				push_seg_owned(&wc, sg->kind, sg->text, sg->len);
				sg->text = NULL;
			}
		}
		if (l->kind == DIFF_DEL || l->kind == DIFF_ADD)
			continue;
		if (l->kind == DIFF_HUNK) {
			push_seg(&wc, WORD_HUNK, l->text, l->len);
		} else {
			push_seg(&wc, WORD_CTX, l->text, l->len);
			if (!l->noeol)
				push_seg(&wc, WORD_CTX, "\n", 1);
		}
	}
	for (size_t i = 0; i < jobs.n; i++) {
		buf_release(&jobs.b[i].o);
		buf_release(&jobs.b[i].n);
		word_diff_free(jobs.b[i].wc.w);
	}
	free(jobs.b);
	if (!rc)
		rotate_newlines(wc.w);
	if (rc) {
		word_diff_free(wc.w);
		return rc;
	}
	*out = wc.w;
	return 0;
}

void word_diff_free(struct word_diff *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++)
		free(w->segs[i].text);
	free(w->segs);
	free(w);
}

void word_diff_format(const struct word_diff *w, const char *path, struct buf *out)
{
	if (!w->n)
		return;
	buf_printf(out, "--- a/%s\n+++ b/%s\n", path, path);
	int at_bol = 1;
	for (size_t i = 0; i < w->n; i++) {
		const struct word_seg *s = &w->segs[i];
		switch (s->kind) {
		case WORD_HUNK:
			if (!at_bol)
				buf_addc(out, '\n');
			buf_add(out, s->text, s->len);
			buf_addc(out, '\n');
			at_bol = 1;
			continue;
		case WORD_CTX:
		case WORD_MARK: /* not in a word diff */
			buf_add(out, s->text, s->len);
			break;
		case WORD_DEL:
			buf_adds(out, "[-");
			buf_add(out, s->text, s->len);
			buf_adds(out, "-]");
			break;
		case WORD_ADD:
			buf_adds(out, "{+");
			buf_add(out, s->text, s->len);
			buf_adds(out, "+}");
			break;
		}
		at_bol = out->len && out->data[out->len - 1] == '\n';
	}
	if (!at_bol)
		buf_addc(out, '\n');
}

/* ---- side by side */

/* Decode one UTF-8 character at s (valid input assumed; invalid bytes
 * count as one column); *w receives its display width. */
static size_t u8_next(const unsigned char *s, size_t n, int *w)
{
	uint32_t c = s[0];
	size_t k = 1;
	if (c >= 0xf0 && n >= 4) {
		c = ((c & 7) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
		k = 4;
	} else if (c >= 0xe0 && n >= 3) {
		c = ((c & 15) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
		k = 3;
	} else if (c >= 0xc0 && n >= 2) {
		c = ((c & 31) << 6) | (s[1] & 0x3fu);
		k = 2;
	}
	if ((c >= 0x300 && c <= 0x36f) || c == 0x200b || (c >= 0xfe00 && c <= 0xfe0f))
		*w = 0;
	else if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
		 (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
		 (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd))
		*w = 2;
	else
		*w = 1;
	return k;
}

/* ---- rows: word diff lines, marked rows, side by side */

static void span_add(struct mark_span **sp, size_t *n, size_t *cap, size_t off, size_t len, enum word_kind k)
{
	if (!len)
		return;
	if (*n && (*sp)[*n - 1].kind == k && (*sp)[*n - 1].off + (*sp)[*n - 1].len == off) {
		(*sp)[*n - 1].len += len;
		return;
	}
	ARRAY_GROW(*sp, *cap, *n + 1);
	(*sp)[(*n)++] = (struct mark_span){ off, len, k };
}

int word_diff_lines(const struct word_diff *w, struct word_lines **out)
{
	struct word_lines *L = xcalloc(1, sizeof(*L));
	size_t cap = 0, scap = 0;
	struct buf text = BUF_INIT;
	struct mark_span *sp = NULL;
	size_t nsp = 0;
	int changed = 0, open = 0;
#define FLUSH_LINE()                                                                                            \
	do {                                                                                                    \
		ARRAY_GROW(L->l, cap, L->n + 1);                                                                \
		struct word_line *wl = &L->l[L->n++];                                                           \
		wl->kind = WORD_CTX;                                                                            \
		wl->len = text.len;                                                                             \
		wl->text = text.data ? buf_detach(&text) : xstrdup("");                                         \
		wl->spans = sp;                                                                                 \
		wl->nspans = nsp;                                                                               \
		wl->changed = changed;                                                                          \
		sp = NULL;                                                                                      \
		nsp = scap = 0;                                                                                 \
		changed = open = 0;                                                                             \
	} while (0)
	for (size_t i = 0; i < w->n; i++) {
		const struct word_seg *s = &w->segs[i];
		if (s->kind == WORD_HUNK) {
			if (open)
				FLUSH_LINE();
			ARRAY_GROW(L->l, cap, L->n + 1);
			L->l[L->n++] = (struct word_line){ WORD_HUNK, xstrndup(s->text, s->len), s->len, NULL, 0, 0 };
			continue;
		}
		const char *p = s->text, *end = s->text + s->len;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			if (s->kind != WORD_CTX) {
				span_add(&sp, &nsp, &scap, text.len, n, s->kind);
				changed = 1;
			}
			buf_add(&text, p, n);
			open = 1;
			if (!nl)
				break;
			FLUSH_LINE();
			p = nl + 1;
		}
	}
	if (open)
		FLUSH_LINE();
#undef FLUSH_LINE
	buf_release(&text);
	free(sp);
	*out = L;
	return 0;
}

void word_lines_free(struct word_lines *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->l[i].text);
		free(l->l[i].spans);
	}
	free(l->l);
	free(l);
}

/* One character as shown: its bytes (or a visible stand-in), columns,
 * and the kind of text it belongs to. */
struct cell {
	char rep[12];
	uint8_t n;
	uint8_t w;
	uint8_t space;
	enum word_kind kind;
};

static size_t make_cells(const char *text, size_t len, const struct mark_span *sp, size_t nsp, struct cell **out)
{
	struct cell *c = xmalloc((len + 1) * sizeof(*c));
	size_t n = 0, k = 0;
	for (size_t i = 0; i < len;) {
		while (k < nsp && sp[k].off + sp[k].len <= i)
			k++;
		enum word_kind kind = k < nsp && sp[k].off <= i ? sp[k].kind : WORD_CTX;
		struct cell *x = &c[n++];
		unsigned char b = (unsigned char)text[i];
		x->kind = kind;
		x->space = 0;
		if (b == '\t' || b == ' ') {
			x->rep[0] = ' ';
			x->n = 1;
			x->w = 1;
			x->space = 1;
			i++;
		} else if (b < 0x20 || b == 0x7f) {
			x->rep[0] = '^';
			x->rep[1] = b == 0x7f ? '?' : (char)(b + '@');
			x->n = 2;
			x->w = 2;
			i++;
		} else if (b < 0x80) {
			x->rep[0] = (char)b;
			x->n = 1;
			x->w = 1;
			i++;
		} else {
			uint32_t cp;
			size_t l = utf8_decode(text + i, len - i, &cp);
			if (text_cp_unsafe(cp) || (cp == 0xfffd && l == 1)) {
				if (cp == 0xfffd)
					x->n = (uint8_t)snprintf(x->rep, sizeof(x->rep), "\xef\xbf\xbd");
				else
					x->n = (uint8_t)snprintf(x->rep, sizeof(x->rep), "<U+%04X>", (unsigned)cp);
				x->w = cp == 0xfffd ? 1 : x->n;
			} else {
				int w;
				u8_next((const unsigned char *)text + i, len - i, &w);
				memcpy(x->rep, text + i, l);
				x->n = (uint8_t)l;
				x->w = (uint8_t)w;
			}
			i += l;
		}
	}
	*out = c;
	return n;
}

static const char *sign_open(enum word_kind k)
{
	return k == WORD_DEL ? "[-" : "{+";
}

static const char *sign_close(enum word_kind k)
{
	return k == WORD_DEL ? "-]" : "+}";
}

static void render_row(const struct cell *c, size_t a, size_t e, int indent, int signs, struct mark_rows *out)
{
	struct buf b = BUF_INIT;
	struct mark_span *sp = NULL;
	size_t nsp = 0, cap = 0;
	int cols = indent;
	for (int i = 0; i < indent; i++)
		buf_addc(&b, ' ');
	enum word_kind cur = WORD_CTX;
	for (size_t i = a; i <= e; i++) {
		enum word_kind k = i < e ? c[i].kind : WORD_CTX;
		if (k != cur) {
			if (cur != WORD_CTX && signs) {
				span_add(&sp, &nsp, &cap, b.len, 2, WORD_MARK);
				buf_adds(&b, sign_close(cur));
				cols += 2;
			}
			if (k != WORD_CTX && signs) {
				span_add(&sp, &nsp, &cap, b.len, 2, WORD_MARK);
				buf_adds(&b, sign_open(k));
				cols += 2;
			}
			cur = k;
		}
		if (i == e)
			break;
		if (k != WORD_CTX)
			span_add(&sp, &nsp, &cap, b.len, c[i].n, k);
		buf_add(&b, c[i].rep, c[i].n);
		cols += c[i].w;
	}
	ARRAY_GROW(out->r, out->cap, out->n + 1);
	struct mark_row *r = &out->r[out->n++];
	r->len = b.len;
	r->text = b.data ? buf_detach(&b) : xstrdup("");
	r->cols = cols;
	r->spans = sp;
	r->nspans = nsp;
}

void diff_mark_line(const char *text, size_t len, const struct mark_span *spans, size_t nspans, int cols,
		    int indent, int signs, struct mark_rows *out)
{
	struct cell *c;
	size_t n = make_cells(text, len, spans, nspans, &c);
	if (cols < 8)
		cols = 8;
	if (indent > cols / 2)
		indent = cols / 2;
	size_t a = 0;
	int first = 1;
	do {
		int ind = first ? 0 : indent;
		int used = ind, reserve = 0;
		enum word_kind cur = WORD_CTX;
		size_t e = a, brk = 0;
		while (e < n) {
			enum word_kind k = c[e].kind;
			int nu, nr;
			if (k == cur || !signs) {
				nu = used + c[e].w;
				nr = reserve;
			} else {
				nu = used + reserve + (k != WORD_CTX ? 2 : 0) + c[e].w;
				nr = k != WORD_CTX ? 2 : 0;
			}
			if (nu + nr > cols && e > a)
				break;
			used = nu;
			reserve = nr;
			cur = k;
			e++;
			if (c[e - 1].space)
				brk = e;
		}
		int skip = 0;
		if (e < n && c[e].space && c[e].kind == WORD_CTX)
			skip = 1; /* break at the space that did not fit */
		else if (e < n && brk > a)
			e = brk;
		render_row(c, a, e, ind, signs, out);
		a = e + (size_t)skip;
		first = 0;
	} while (a < n);
	free(c);
}

void mark_rows_free(struct mark_rows *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->r[i].text);
		free(m->r[i].spans);
	}
	free(m->r);
	m->r = NULL;
	m->n = m->cap = 0;
}

/* ---- side by side */

struct lspans {
	struct mark_span *sp;
	size_t n, cap;
	size_t nonws; /* non-blank bytes of the line */
	size_t ctx;   /* of them unchanged */
};

struct lpair {
	int o, n;     /* 1-based line numbers */
	size_t count; /* unchanged non-blank bytes they share */
};

/* From the word diff of d: the changed spans of each old and new line
 * (indexed by line number), and the runs of unchanged text shared by an
 * old line and a new line, in order. */
struct sbs_info {
	struct lspans *old, *new_;
	int nold, nnew;
	struct lpair *pairs;
	size_t npairs, cap;
};

static int parse_hunk_starts(const char *h, size_t len, int *o, int *n)
{
	char tmp[64];
	size_t l = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
	memcpy(tmp, h, l);
	tmp[l] = 0;
	if (sscanf(tmp, "@@ -%d", o) != 1)
		return -1;
	const char *p = strchr(tmp, '+');
	if (!p || sscanf(p, "+%d", n) != 1)
		return -1;
	return 0;
}

static void sbs_info_build(const struct word_diff *w, int nold, int nnew, struct sbs_info *si)
{
	si->nold = nold;
	si->nnew = nnew;
	si->old = xcalloc((size_t)nold + 2, sizeof(*si->old));
	si->new_ = xcalloc((size_t)nnew + 2, sizeof(*si->new_));
	int lo = 1, ln = 1;
	size_t co = 0, cn = 0;
	for (size_t i = 0; i < w->n; i++) {
		const struct word_seg *s = &w->segs[i];
		if (s->kind == WORD_HUNK) {
			int a, b;
			if (!parse_hunk_starts(s->text, s->len, &a, &b)) {
				lo = a > 0 ? a : 1;
				ln = b > 0 ? b : 1;
			}
			co = cn = 0;
			continue;
		}
		for (size_t j = 0; j < s->len; j++) {
			char ch = s->text[j];
			int in_o = s->kind != WORD_ADD, in_n = s->kind != WORD_DEL;
			if (ch == '\n') {
				if (in_o) {
					lo++;
					co = 0;
				}
				if (in_n) {
					ln++;
					cn = 0;
				}
				continue;
			}
			int ws = ch == ' ' || ch == '\t' || ch == '\r';
			if (in_o && lo <= nold + 1) {
				struct lspans *L = &si->old[lo];
				if (s->kind == WORD_DEL)
					span_add(&L->sp, &L->n, &L->cap, co, 1, WORD_DEL);
				L->nonws += !ws;
				L->ctx += !ws && s->kind == WORD_CTX;
			}
			if (in_n && ln <= nnew + 1) {
				struct lspans *L = &si->new_[ln];
				if (s->kind == WORD_ADD)
					span_add(&L->sp, &L->n, &L->cap, cn, 1, WORD_ADD);
				L->nonws += !ws;
				L->ctx += !ws && s->kind == WORD_CTX;
			}
			if (s->kind == WORD_CTX && !ws) {
				if (si->npairs && si->pairs[si->npairs - 1].o == lo && si->pairs[si->npairs - 1].n == ln) {
					si->pairs[si->npairs - 1].count++;
				} else {
					ARRAY_GROW(si->pairs, si->cap, si->npairs + 1);
					si->pairs[si->npairs++] = (struct lpair){ lo, ln, 1 };
				}
			}
			co += in_o;
			cn += in_n;
		}
	}
}

static void sbs_info_free(struct sbs_info *si)
{
	for (int i = 0; i < si->nold + 2; i++)
		free(si->old[i].sp);
	for (int i = 0; i < si->nnew + 2; i++)
		free(si->new_[i].sp);
	free(si->old);
	free(si->new_);
	free(si->pairs);
}

struct sbs_build {
	struct sbs_rows *s;
	size_t cap;
	int col;
};

/* shared: the unchanged bytes the two lines share (0: unknown) */
static void sbs_emit(struct sbs_build *B, const struct diff_line *l, const struct lspans *ls,
		     const struct diff_line *r, const struct lspans *rs, char mark, size_t shared)
{
	struct mark_rows L = { 0 }, R = { 0 };
	struct lspans pl = { 0 }, pr = { 0 };
	if (mark == '|' && l && r && ls && rs && shared && shared == ls->ctx && shared == rs->ctx) {
		/* all they keep, they share with each other: the word diff's
		 * own marks are those of the pair */
		for (size_t k = 0; k < ls->n; k++)
			span_add(&pl.sp, &pl.n, &pl.cap, ls->sp[k].off, ls->sp[k].len, ls->sp[k].kind);
		for (size_t k = 0; k < rs->n; k++)
			span_add(&pr.sp, &pr.n, &pr.cap, rs->sp[k].off, rs->sp[k].len, rs->sp[k].kind);
	} else if (mark == '|' && l && r) {
		/* the words changed between these two lines */
		struct word_ctx wc = { xcalloc(1, sizeof(struct word_diff)), 0, 0 };
		if (!word_block(&wc, l->text, l->len, r->text, r->len)) {
			size_t co = 0, cn = 0;
			for (size_t k = 0; k < wc.w->n; k++) {
				const struct word_seg *sg = &wc.w->segs[k];
				if (sg->kind == WORD_DEL)
					span_add(&pl.sp, &pl.n, &pl.cap, co, sg->len, WORD_DEL);
				if (sg->kind == WORD_ADD)
					span_add(&pr.sp, &pr.n, &pr.cap, cn, sg->len, WORD_ADD);
				co += sg->kind != WORD_ADD ? sg->len : 0;
				cn += sg->kind != WORD_DEL ? sg->len : 0;
			}
		}
		word_diff_free(wc.w);
	}
	if (l)
		diff_mark_line(l->text, l->len, pl.sp, pl.n, B->col, 0, 1, &L);
	if (r)
		diff_mark_line(r->text, r->len, pr.sp, pr.n, B->col, 0, 1, &R);
	free(pl.sp);
	free(pr.sp);
	size_t rows = L.n > R.n ? L.n : R.n;
	for (size_t i = 0; i < rows; i++) {
		struct buf b = BUF_INIT;
		struct mark_span *sp = NULL;
		size_t nsp = 0, cap = 0;
		int used = 0;
		if (i < L.n) {
			buf_add(&b, L.r[i].text, L.r[i].len);
			for (size_t k = 0; k < L.r[i].nspans; k++)
				span_add(&sp, &nsp, &cap, L.r[i].spans[k].off, L.r[i].spans[k].len, L.r[i].spans[k].kind);
			used = L.r[i].cols;
		}
		for (; used < B->col; used++)
			buf_addc(&b, ' ');
		size_t split = b.len;
		buf_printf(&b, " %c ", mark);
		if (i < R.n) {
			size_t base = b.len;
			buf_add(&b, R.r[i].text, R.r[i].len);
			for (size_t k = 0; k < R.r[i].nspans; k++)
				span_add(&sp, &nsp, &cap, base + R.r[i].spans[k].off, R.r[i].spans[k].len,
					 R.r[i].spans[k].kind);
		}
		while (b.len && b.data[b.len - 1] == ' ')
			b.len--;
		ARRAY_GROW(B->s->r, B->cap, B->s->n + 1);
		struct sbs_row *row = &B->s->r[B->s->n++];
		row->len = b.len;
		if (b.data)
			b.data[b.len] = '\0';
		row->text = b.data ? buf_detach(&b) : xstrdup("");
		row->mark = mark;
		row->split = split < row->len ? split : row->len;
		row->first = i == 0;
		row->hunk = 0;
		row->spans = sp;
		row->nspans = nsp;
	}
	mark_rows_free(&L);
	mark_rows_free(&R);
}

/* a gap between two aligned pairs: as many lines each side are paired in
 * order; otherwise each against a blank */
static void sbs_gap(struct sbs_build *B, const struct diff *d, const struct sbs_info *si, size_t o0, size_t o1,
		    size_t n0, size_t n1)
{
	size_t no = o1 - o0, nn = n1 - n0;
	if (no == nn) {
		for (size_t k = 0; k < no; k++) {
			const struct diff_line *l = &d->lines[o0 + k], *r = &d->lines[n0 + k];
			sbs_emit(B, l, &si->old[l->old_no], r, &si->new_[r->new_no], '|', 0);
		}
		return;
	}
	for (size_t k = o0; k < o1; k++)
		sbs_emit(B, &d->lines[k], NULL, NULL, NULL, '<', 0);
	for (size_t k = n0; k < n1; k++)
		sbs_emit(B, NULL, NULL, &d->lines[k], NULL, '>', 0);
}

int diff_side_by_side(const struct diff *d, int width, struct sbs_rows **out)
{
	struct word_diff *w;
	int rc;
	*out = NULL;
	if ((rc = diff_words_from(d, &w)))
		return rc;
	rc = diff_side_by_side_words(d, w, width, out);
	word_diff_free(w);
	return rc;
}

int diff_side_by_side_words(const struct diff *d, const struct word_diff *w, int width, struct sbs_rows **out)
{
	struct sbs_info si = { 0 };
	*out = NULL;
	git_libgit2_init();
	sbs_info_build(w, d->old_lines, d->new_lines, &si);
	if (width < 20)
		width = 20;
	struct sbs_build B = { xcalloc(1, sizeof(struct sbs_rows)), 0, (width - 3) / 2 };
	size_t pk = 0, nhunk = 0; /* next pair to look at */
	size_t *ko = NULL, *kn = NULL, *kc = NULL;
	for (size_t i = 0; i < d->n;) {
		const struct diff_line *l = &d->lines[i];
		if (l->kind == DIFF_HUNK) {
			ARRAY_GROW(B.s->r, B.cap, B.s->n + 1);
			struct sbs_row *row = &B.s->r[B.s->n++];
			memset(row, 0, sizeof(*row));
			row->text = xstrndup(l->text, l->len);
			row->len = l->len;
			row->first = 1;
			row->hunk = nhunk++;
			i++;
			continue;
		}
		if (l->kind == DIFF_CTX) {
			sbs_emit(&B, l, NULL, l, NULL, ' ', 0);
			i++;
			continue;
		}
		size_t ds = i, de = i, as, ae;
		while (de < d->n && d->lines[de].kind == DIFF_DEL)
			de++;
		as = ae = de;
		while (ae < d->n && d->lines[ae].kind == DIFF_ADD)
			ae++;
		/* the block's old and new line numbers */
		int olo = ds < de ? d->lines[ds].old_no : 0, ohi = ds < de ? d->lines[de - 1].old_no : -1;
		int nlo = as < ae ? d->lines[as].new_no : 0, nhi = as < ae ? d->lines[ae - 1].new_no : -1;
		/* candidate pairs inside the block; keep the best one for each
		 * old and each new line (they stay in order both ways) */
		while (pk < si.npairs && si.pairs[pk].o < olo && si.pairs[pk].n < nlo)
			pk++;
		size_t c0 = pk, c1 = pk;
		while (c1 < si.npairs && (si.pairs[c1].o <= ohi || si.pairs[c1].n <= nhi))
			c1++;
		size_t nk = 0, nc = 0;
		free(ko);
		free(kn);
		free(kc);
		ko = xmalloc((c1 - c0 + 1) * sizeof(size_t));
		kn = xmalloc((c1 - c0 + 1) * sizeof(size_t));
		kc = xmalloc((c1 - c0 + 1) * sizeof(size_t));
		size_t *cand = xmalloc((c1 - c0 + 1) * sizeof(size_t));
		for (size_t k = c0; k < c1; k++) {
			const struct lpair *p = &si.pairs[k];
			if (p->o >= olo && p->o <= ohi && p->n >= nlo && p->n <= nhi)
				cand[nc++] = k;
		}
		/* the chain is in order both ways: the pairs of one old (or new)
		 * line stand together */
		char *bo = xcalloc(nc + 1, 1), *bn = xcalloc(nc + 1, 1);
		for (size_t g = 0; g < nc;) {
			size_t h = g, best = g;
			for (; h < nc && si.pairs[cand[h]].o == si.pairs[cand[g]].o; h++)
				if (si.pairs[cand[h]].count > si.pairs[cand[best]].count)
					best = h;
			bo[best] = 1;
			g = h;
		}
		for (size_t g = 0; g < nc;) {
			size_t h = g, best = g;
			for (; h < nc && si.pairs[cand[h]].n == si.pairs[cand[g]].n; h++)
				if (si.pairs[cand[h]].count > si.pairs[cand[best]].count)
					best = h;
			bn[best] = 1;
			g = h;
		}
		for (size_t g = 0; g < nc; g++) {
			const struct lpair *p = &si.pairs[cand[g]];
			size_t shorter = si.old[p->o].nonws < si.new_[p->n].nonws ? si.old[p->o].nonws : si.new_[p->n].nonws;
			if (!bo[g] || !bn[g] || p->count * 3 < shorter)
				continue;
			size_t oi = ds + (size_t)(p->o - olo), ni = as + (size_t)(p->n - nlo);
			if (nk && (oi <= ko[nk - 1] || ni <= kn[nk - 1]))
				continue;
			ko[nk] = oi;
			kc[nk] = p->count;
			kn[nk++] = ni;
		}
		free(bo);
		free(bn);
		free(cand);
		pk = c0;
		size_t po = ds, pn = as;
		for (size_t k = 0; k < nk; k++) {
			sbs_gap(&B, d, &si, po, ko[k], pn, kn[k]);
			const struct diff_line *dl = &d->lines[ko[k]], *al = &d->lines[kn[k]];
			sbs_emit(&B, dl, &si.old[dl->old_no], al, &si.new_[al->new_no], '|', kc[k]);
			po = ko[k] + 1;
			pn = kn[k] + 1;
		}
		sbs_gap(&B, d, &si, po, de, pn, ae);
		i = ae;
	}
	free(ko);
	free(kn);
	free(kc);
	sbs_info_free(&si);
	git_libgit2_shutdown();
	*out = B.s;
	return 0;
}

void sbs_rows_free(struct sbs_rows *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->r[i].text);
		free(s->r[i].spans);
	}
	free(s->r);
	free(s);
}

int diff_format_side_by_side(const struct diff *d, int width, struct buf *out)
{
	struct sbs_rows *s;
	int rc = diff_side_by_side(d, width, &s);
	if (rc)
		return rc;
	for (size_t i = 0; i < s->n; i++) {
		buf_add(out, s->r[i].text, s->r[i].len);
		buf_addc(out, '\n');
	}
	sbs_rows_free(s);
	return 0;
}

/* ---- clauses */

struct section {
	int level;     /* 0 = preamble */
	char *number;  /* "4.2" or "" */
	char *title;
	char *norm;    /* lower-cased title for matching */
	const char *body; /* text after the heading line up to the next heading */
	size_t blen;
	long match;    /* index in the other list, -1 */
	int moved;
};

struct sections {
	struct section *s;
	size_t n, cap;
};

static void trim_blank(const char **p, size_t *n)
{
	while (*n && is_ws((unsigned char)**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n && is_ws((unsigned char)(*p)[*n - 1]))
		(*n)--;
}

/* Markdown ATX headings outside fenced code blocks. */
static void parse_sections(const char *t, size_t len, struct sections *out)
{
	int fence = 0;
	size_t i = 0;
	ARRAY_GROW(out->s, out->cap, 1);
	out->s[0] = (struct section){ 0, xstrdup(""), xstrdup("preamble"), xstrdup(""), t, 0, -1, 0 };
	out->n = 1;
	while (i < len) {
		const char *ln = t + i;
		const char *nl = memchr(ln, '\n', len - i);
		size_t ll = nl ? (size_t)(nl - ln) : len - i;
		size_t next = nl ? i + ll + 1 : len;
		if (ll >= 3 && (!strncmp(ln, "```", 3) || !strncmp(ln, "~~~", 3)))
			fence = !fence;
		int lv = 0;
		while (!fence && lv < (int)ll && lv < 7 && ln[lv] == '#')
			lv++;
		if (lv >= 1 && lv <= 6 && (size_t)lv < ll && (ln[lv] == ' ' || ln[lv] == '\t')) {
			struct section *prev = &out->s[out->n - 1];
			prev->blen = (size_t)(ln - prev->body);
			const char *h = ln + lv;
			size_t hl = ll - (size_t)lv;
			trim_blank(&h, &hl);
			while (hl && h[hl - 1] == '#') /* closing #s */
				hl--;
			trim_blank(&h, &hl);
			size_t k = 0;
			while (k < hl && (isdigit((unsigned char)h[k]) || (h[k] == '.' && k > 0)))
				k++;
			char *num = xstrdup("");
			if (k > 0 && isdigit((unsigned char)h[0]) && (k == hl || h[k] == ' ' || h[k] == '\t')) {
				size_t nk = k;
				while (nk && h[nk - 1] == '.')
					nk--;
				free(num);
				num = xstrndup(h, nk);
				h += k;
				hl -= k;
				trim_blank(&h, &hl);
			}
			char *title = xstrndup(h, hl);
			char *norm = xstrdup(title);
			for (char *p = norm; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			ARRAY_GROW(out->s, out->cap, out->n + 1);
			out->s[out->n++] = (struct section){ lv, num, title, norm, t + next, 0, -1, 0 };
		}
		i = next;
	}
	struct section *last = &out->s[out->n - 1];
	last->blen = (size_t)(t + len - last->body);
}

static void sections_free(struct sections *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->s[i].number);
		free(s->s[i].title);
		free(s->s[i].norm);
	}
	free(s->s);
}

static int body_eq(const struct section *a, const struct section *b)
{
	const char *pa = a->body, *pb = b->body;
	size_t na = a->blen, nb = b->blen;
	trim_blank(&pa, &na);
	trim_blank(&pb, &nb);
	return na == nb && !memcmp(pa, pb, na);
}

/* Mark matched sections that are outside a longest increasing run of
 * new positions (in old order) as moved. */
static void mark_moved(struct sections *o, struct sections *n)
{
	size_t m = 0;
	long *seq = xmalloc((o->n + 1) * sizeof(long));
	long *src = xmalloc((o->n + 1) * sizeof(long));
	for (size_t i = 0; i < o->n; i++)
		if (o->s[i].match >= 0) {
			seq[m] = o->s[i].match;
			src[m++] = (long)i;
		}
	/* patience LIS with predecessor links */
	long *tail = xmalloc((m + 1) * sizeof(long)), *prev = xmalloc((m + 1) * sizeof(long));
	size_t len = 0;
	for (size_t i = 0; i < m; i++) {
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (seq[tail[mid]] < seq[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tail[lo - 1] : -1;
		tail[lo] = (long)i;
		if (lo == len)
			len++;
	}
	char *keep = xcalloc(m + 1, 1);
	for (long k = len ? tail[len - 1] : -1; k >= 0; k = prev[k])
		keep[k] = 1;
	for (size_t i = 0; i < m; i++)
		if (!keep[i]) {
			o->s[src[i]].moved = 1;
			n->s[seq[i]].moved = 1;
		}
	free(keep);
	free(tail);
	free(prev);
	free(seq);
	free(src);
}

static void add_clause(struct clause_list *cl, size_t *cap, enum clause_change ch, const struct section *s,
		       const struct section *old)
{
	ARRAY_GROW(cl->items, *cap, cl->n + 1);
	struct clause *c = &cl->items[cl->n++];
	c->change = ch;
	c->level = s->level;
	c->number = xstrdup(s->number);
	c->old_number = xstrdup(old ? old->number : "");
	c->title = xstrdup(s->title);
}

int diff_clauses(const char *old, size_t olen, const char *new_, size_t nlen, struct clause_list **out)
{
	struct sections o = { 0 }, n = { 0 };
	struct clause_list *cl = xcalloc(1, sizeof(*cl));
	size_t cap = 0;

	parse_sections(old, olen, &o);
	parse_sections(new_, nlen, &n);
	/* preamble with preamble */
	o.s[0].match = 0;
	n.s[0].match = 0;
	/* 1. same level and title (in order among duplicates) */
	for (size_t i = 1; i < o.n; i++)
		for (size_t j = 1; j < n.n; j++)
			if (n.s[j].match < 0 && n.s[j].level == o.s[i].level && !strcmp(n.s[j].norm, o.s[i].norm)) {
				o.s[i].match = (long)j;
				n.s[j].match = (long)i;
				break;
			}
	/* 2. heading reworded, same body; 3. same level and number */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 1; i < o.n; i++) {
			if (o.s[i].match >= 0)
				continue;
			for (size_t j = 1; j < n.n; j++) {
				if (n.s[j].match >= 0 || n.s[j].level != o.s[i].level)
					continue;
				if (pass == 0 ? !body_eq(&o.s[i], &n.s[j])
					      : (!*o.s[i].number || strcmp(o.s[i].number, n.s[j].number) != 0))
					continue;
				o.s[i].match = (long)j;
				n.s[j].match = (long)i;
				break;
			}
		}
	mark_moved(&o, &n);
	size_t oi = 1;
	for (size_t j = 0; j < n.n; j++) {
		const struct section *s = &n.s[j];
		if (s->match >= 0) {
			/* removed sections that stood before this one's old place */
			while (oi < o.n && (long)oi < s->match) {
				if (o.s[oi].match < 0)
					add_clause(cl, &cap, CLAUSE_REMOVED, &o.s[oi], &o.s[oi]);
				oi++;
			}
			if (!s->moved && oi == (size_t)s->match)
				oi++;
			const struct section *os = &o.s[s->match];
			int changed = !body_eq(os, s) || strcmp(os->title, s->title) != 0;
			if (s->moved)
				add_clause(cl, &cap, changed ? CLAUSE_MOVED_CHANGED : CLAUSE_MOVED, s, os);
			else if (changed)
				add_clause(cl, &cap, CLAUSE_CHANGED, s, os);
		} else {
			add_clause(cl, &cap, CLAUSE_ADDED, s, NULL);
		}
	}
	for (; oi < o.n; oi++)
		if (o.s[oi].match < 0)
			add_clause(cl, &cap, CLAUSE_REMOVED, &o.s[oi], &o.s[oi]);
	sections_free(&o);
	sections_free(&n);
	*out = cl;
	return 0;
}

void clause_list_free(struct clause_list *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].number);
		free(c->items[i].old_number);
		free(c->items[i].title);
	}
	free(c->items);
	free(c);
}

const char *clause_change_name(enum clause_change c)
{
	static const char *const names[] = { "added", "removed", "changed", "moved", "moved, changed" };
	return (unsigned)c < ARRAY_SIZE(names) ? names[c] : "?";
}

void diff_format_clauses(const struct clause_list *c, struct buf *out)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct clause *x = &c->items[i];
		if (x->level == 0)
			buf_printf(out, "preamble %s", clause_change_name(x->change));
		else if (*x->number)
			buf_printf(out, "§%s %s %s", x->number, x->title, clause_change_name(x->change));
		else
			buf_printf(out, "%s %s", x->title, clause_change_name(x->change));
		if ((x->change == CLAUSE_MOVED || x->change == CLAUSE_MOVED_CHANGED || x->change == CLAUSE_CHANGED) &&
		    *x->old_number && strcmp(x->old_number, x->number) != 0)
			buf_printf(out, " (was §%s)", x->old_number);
		buf_addc(out, '\n');
	}
}

/* ---- the clause of each hunk */

struct heading_at {
	int line; /* 1-based */
	char *label;
};

static size_t headings_index(const char *t, size_t len, struct heading_at **out)
{
	struct sections s = { 0 };
	parse_sections(t, len, &s);
	struct heading_at *h = xcalloc(s.n + 1, sizeof(*h));
	size_t n = 0, at = 0;
	int line = 0;
	for (size_t i = 1; i < s.n; i++) {
		size_t end = (size_t)(s.s[i].body - t);
		for (; at < end; at++)
			line += t[at] == '\n';
		int hl = end && t[end - 1] == '\n' ? line : line + 1;
		h[n].line = hl;
		h[n].label = *s.s[i].number ? xasprintf("§%s %s", s.s[i].number, s.s[i].title) : xstrdup(s.s[i].title);
		n++;
	}
	sections_free(&s);
	*out = h;
	return n;
}

static const char *heading_for(const struct heading_at *h, size_t n, int line)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (h[mid].line <= line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? h[lo - 1].label : NULL;
}

int diff_hunk_clauses(const struct diff *d, const char *old, size_t olen, const char *new_, size_t nlen,
		      char ***labels, size_t *n)
{
	struct heading_at *ho, *hn;
	size_t no = headings_index(old, olen, &ho), nn = headings_index(new_, nlen, &hn);
	size_t cnt = 0, cap = 0;
	char **L = NULL;
	for (size_t i = 0; i < d->n; i++) {
		if (d->lines[i].kind != DIFF_HUNK)
			continue;
		size_t j = i + 1;
		while (j < d->n && d->lines[j].kind == DIFF_CTX)
			j++;
		const char *lab = NULL;
		if (j < d->n && d->lines[j].kind == DIFF_DEL)
			lab = heading_for(ho, no, d->lines[j].old_no);
		else if (j < d->n && d->lines[j].kind == DIFF_ADD)
			lab = heading_for(hn, nn, d->lines[j].new_no);
		ARRAY_GROW(L, cap, cnt + 1);
		L[cnt++] = lab ? xstrdup(lab) : NULL;
	}
	for (size_t i = 0; i < no; i++)
		free(ho[i].label);
	for (size_t i = 0; i < nn; i++)
		free(hn[i].label);
	free(ho);
	free(hn);
	*labels = L;
	*n = cnt;
	return 0;
}

void diff_hunk_clauses_free(char **labels, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
}

char *diff_hunk_header_with(const char *header, size_t len, const char *label)
{
	if (!label)
		return xstrndup(header, len);
	/* "@@ -a,b +c,d @@": up to the second "@@" */
	const char *e = len > 2 ? memmem(header + 2, len - 2, "@@", 2) : NULL;
	size_t k = e ? (size_t)(e - header) + 2 : len;
	return xasprintf("%.*s %s", (int)k, header, label);
}
