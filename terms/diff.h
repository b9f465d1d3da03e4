/* diff.h - differences between two revisions of a legal document, as data
 * (for the TUI) and as text (for the CLI).
 *
 *   diff_lines()    unified line diff with the hunks `git diff` prints
 *                   with git's defaults (Myers, indent heuristic, 3 lines
 *                   of context), computed by libgit2's xdiff;
 *   diff_words()    word diff in git's --word-diff=plain form
 *                   ([-old-]{+new+}): same line hunks, same word
 *                   alignment as git, but exact: dropping every {+..+} and
 *                   unwrapping every [-..-] gives the old text, and the
 *                   other way round the new text (git loses whitespace
 *                   changes; docket marks them);
 *   diff_side_by_side()  two columns fitted to a width;
 *   diff_clauses()  the numbered sections ("## 4. Refunds", "### 4.2 ...")
 *                   a change touched: added, removed, changed, moved.
 *
 * Inputs must be text (terms/legal.h legal_check_text); all functions
 * return 0 or a negative DK_ code with the message set, and results are
 * freed with the matching _free(). */
#ifndef DOCKET_DIFF_H
#define DOCKET_DIFF_H

#include <stddef.h>

#include "lib/buf.h"

enum diff_kind {
	DIFF_HUNK = 0, /* "@@ -a,b +c,d @@ context" */
	DIFF_CTX,      /* unchanged line */
	DIFF_DEL,      /* line only in the old text */
	DIFF_ADD,      /* line only in the new text */
};

struct diff_line {
	enum diff_kind kind;
	char *text;    /* without the line's newline; NUL-terminated */
	size_t len;
	int old_no;    /* 1-based line number in the old text, 0 if none */
	int new_no;
	int noeol;     /* the line had no newline at end of file */
};

struct diff {
	struct diff_line *lines;
	size_t n;
	int old_lines, new_lines; /* line counts of the inputs */
};

/* Line diff of old -> new with `context` lines of context (3 for git's
 * default). Identical inputs give an empty diff. */
int diff_lines(const char *old, size_t olen, const char *new_, size_t nlen, int context, struct diff **out);
/* The same for two documents read with legal_text_read (faster: their
 * contents are not hashed again). */
struct legal_text;
int diff_lines_texts(const struct legal_text *old, const struct legal_text *new_, int context, struct diff **out);
void diff_free(struct diff *d);
/* Unified text: "--- a/PATH\n+++ b/PATH\n" then the hunks as git prints
 * them (incl. "\ No newline at end of file"). Nothing for no changes. */
void diff_format_unified(const struct diff *d, const char *path, struct buf *out);

enum word_kind {
	WORD_HUNK = 0, /* hunk header line (text without newline) */
	WORD_CTX,      /* unchanged text, may span lines */
	WORD_DEL,      /* removed text, may contain newlines */
	WORD_ADD,      /* added text, may contain newlines */
	WORD_MARK,     /* the signs [- -] {+ +} (in mark rows only) */
};

struct word_seg {
	enum word_kind kind;
	char *text;
	size_t len;
};

struct word_diff {
	struct word_seg *segs;
	size_t n;
};

/* Word diff of old -> new (words: runs of non-whitespace, as git's
 * default). */
int diff_words(const char *old, size_t olen, const char *new_, size_t nlen, int context,
	       struct word_diff **out);
/* The same from a line diff already computed with diff_lines (d is not
 * changed): diff_words() is diff_lines() then this. */
int diff_words_from(const struct diff *d, struct word_diff **out);
/* diff_words_from() spreads the blocks of a large diff (64 KB of changed
 * lines or more) over up to 4 threads, one per CPU; this caps that (0 =
 * no cap; 1 = no threads). The result does not depend on it. */
void diff_set_max_threads(int n);
void word_diff_free(struct word_diff *w);
/* Text in git's --word-diff=plain layout (after the same "---"/"+++"
 * header as diff_format_unified): hunk headers, then the text with
 * [-removed-] and {+added+}. */
void word_diff_format(const struct word_diff *w, const char *path, struct buf *out);

/* ---- rows for a screen or plain text
 *
 * A changed span of a line: WORD_DEL or WORD_ADD (WORD_MARK in rows),
 * byte offsets into its line. */
struct mark_span {
	size_t off, len;
	enum word_kind kind;
};

/* One line of a word diff: a hunk header (kind WORD_HUNK) or a line of
 * the documents (WORD_CTX) with the parts removed and added in it. A
 * removed or added run that spans lines is cut at each newline, so that
 * every line carries its own changes (as git's --word-diff prints them). */
struct word_line {
	enum word_kind kind;
	char *text; /* without newline */
	size_t len;
	struct mark_span *spans;
	size_t nspans;
	int changed; /* something was removed or added on this line (its newline too) */
};
struct word_lines {
	struct word_line *l;
	size_t n;
};
int word_diff_lines(const struct word_diff *w, struct word_lines **out);
void word_lines_free(struct word_lines *l);

/* A display row: visible text (tabs as a space; control, invisible and
 * bidi characters shown as ^X / <U+XXXX>), its display columns, and its
 * spans (changed words and their signs), offsets into text. */
struct mark_row {
	char *text;
	size_t len;
	int cols;
	struct mark_span *spans;
	size_t nspans;
};
struct mark_rows {
	struct mark_row *r;
	size_t n, cap;
};
/* Cut one line with its changed spans (sorted, not overlapping) into
 * rows of at most cols display columns, breaking after a space where one
 * is in the row. With signs, each changed part stands between [- -] or
 * {+ +}, closed at the end of a row and opened again on the next, so
 * that each row reads on its own without colour; rows after the first
 * (a wrapped line's continuation) start with indent spaces. An empty
 * line gives one empty row. Rows are appended to out. */
void diff_mark_line(const char *text, size_t len, const struct mark_span *spans, size_t nspans, int cols,
		    int indent, int signs, struct mark_rows *out);
void mark_rows_free(struct mark_rows *m);

/* Side by side, aligned by the diff: unchanged lines beside each other,
 * a removed line beside the added line that shares most of its words (a
 * changed line, mark '|', with the changed words marked in both columns),
 * other removed or added lines against a blank ('<', '>'). Each row is
 * "<old col> M <new col>" (trailing blanks dropped); long lines wrap
 * inside their column; hunk headers span the row. width >= 20. */
struct sbs_row {
	char *text;
	size_t len;
	char mark;      /* ' ' '|' '<' '>', 0 for a hunk header */
	size_t split;   /* byte offset of " M " in text (hunk header: 0) */
	int first;      /* first row of its line pair */
	size_t hunk;    /* for hunk headers: index among the hunks */
	struct mark_span *spans; /* changed words and signs, offsets into text */
	size_t nspans;
};
struct sbs_rows {
	struct sbs_row *r;
	size_t n;
};
int diff_side_by_side(const struct diff *d, int width, struct sbs_rows **out);
/* The same with d's word diff already made (diff_words_from(d)). */
int diff_side_by_side_words(const struct diff *d, const struct word_diff *w, int width, struct sbs_rows **out);
void sbs_rows_free(struct sbs_rows *s);
/* The rows as text. */
int diff_format_side_by_side(const struct diff *d, int width, struct buf *out);

/* For each hunk of d, in order, the clause of its first change: the
 * nearest heading at or above that line (in the old text for a removed
 * line, the new one otherwise), as "§9 Refunds" (numbered) or "Refunds";
 * NULL when the change stands before the first heading. */
int diff_hunk_clauses(const struct diff *d, const char *old, size_t olen, const char *new_, size_t nlen,
		      char ***labels, size_t *n);
void diff_hunk_clauses_free(char **labels, size_t n);
/* "@@ -a,b +c,d @@" of a hunk header line, with label instead of git's
 * function context (label NULL: the header as git prints it). */
char *diff_hunk_header_with(const char *header, size_t len, const char *label);

enum clause_change {
	CLAUSE_ADDED = 0,
	CLAUSE_REMOVED,
	CLAUSE_CHANGED,
	CLAUSE_MOVED,
	CLAUSE_MOVED_CHANGED,
};

struct clause {
	enum clause_change change;
	int level;         /* heading level (# = 1); 0 for the preamble */
	char *number;      /* "4.2" (new numbering; old for removed), "" if none */
	char *old_number;  /* numbering in the old text, "" for added */
	char *title;       /* "Refunds" (new title; old for removed) */
};

struct clause_list {
	struct clause *items;
	size_t n;
};

/* The sections touched by old -> new, in the new document's order
 * (removed ones where they stood). */
int diff_clauses(const char *old, size_t olen, const char *new_, size_t nlen, struct clause_list **out);
void clause_list_free(struct clause_list *c);
const char *clause_change_name(enum clause_change c); /* "added", "moved, changed", ... */
/* One line per clause: "§4.2 Refunds changed". */
void diff_format_clauses(const struct clause_list *c, struct buf *out);

#endif
