/* legal.h - the legal repository: a git repository (libgit2) of legal
 * documents, rule pack and calendars, with one revision per commit.
 *
 * Format (docs/legal-repo.md): the branch is refs/heads/main; a document
 * DOC lives at terms/DOC.md; a commit that publishes a revision carries
 * git trailers "Effective: YYYY-MM-DD" and optionally "Notice-Days: N".
 *
 * Every function returns 0 or a negative DK_ code (core/err.h) with the
 * message set ("legal repository: ...", "terms/DOC.md: ..."). Results are
 * owned by the caller and released with the matching _free(). Commit ids
 * are 40 lower-case hex digits plus NUL. */
#ifndef DOCKET_LEGAL_H
#define DOCKET_LEGAL_H

#include <stddef.h>

#include "lib/dtime.h"

struct legal_repo;

#define LEGAL_ID_LEN 40
/* Documents and files larger than this are refused with DK_EINVAL. */
#define LEGAL_MAX_FILE (16u * 1024 * 1024)

/* Open the repository at dir (the workspace's legal/ folder; never
 * searched upwards). DK_ENOTFOUND "legal repository: DIR: missing" when
 * dir does not exist; DK_EIO "legal repository: DIR: not a git
 * repository" or "...: <libgit2 reason>" when it is unusable. Ownership by
 * another Unix user is accepted on purpose (docs/legal-repo.md). */
int legal_open(const char *dir, struct legal_repo **out);
/* HEAD's commit id read straight from the repository's files (.git/HEAD,
 * the loose ref or packed-refs), without opening it through libgit2,
 * whose initialisation costs ~13 ms on Debian's build (it parses the
 * system CA bundle). For cache keys only: DK_ENOTFOUND when it cannot
 * tell, and the caller then opens the repository. */
int legal_head_peek(const char *dir, char id[41]);

/* Close; NULL is a no-op. */
void legal_free(struct legal_repo *r);

/* Create dir (and parents) as a non-bare repository on branch main,
 * group-shared, write every compiled-in starter file (core/embed.h) and
 * commit them as the first revision, authored by author_login at `when`
 * with an "Effective:" trailer for that day. DK_ECONFLICT when dir already
 * holds a repository. On failure nothing usable is left (the caller
 * removes dir). */
int legal_init(const char *dir, const char *author_login, dk_time when, struct legal_repo **out);

/* Time zone used to read "Effective: YYYY-MM-DD" (midnight there) and
 * nothing else; NULL or "UTC" (the default) mean UTC. Copied. */
void legal_set_tz(struct legal_repo *r, const char *tz);

/* The working-tree folder of the repository (owned by r). */
const char *legal_dir(const struct legal_repo *r);

struct legal_file {
	char *path; /* relative to the repository root, e.g. "rules/gdpr.ini" */
	char *data; /* NUL-terminated (len excludes the NUL) */
	size_t len;
};

/* Every file under prefix ("rules/"; NULL or "" = all) in the tree of rev
 * (NULL = HEAD), sorted by path. commit_id (may be NULL) receives the
 * commit read. DK_ENOTFOUND for an unknown rev. */
int legal_read_files(struct legal_repo *r, const char *rev, const char *prefix, struct legal_file **out,
		     size_t *n, char commit_id[41]);
void legal_files_free(struct legal_file *f, size_t n);

/* Resolve anything git resolves (full id, prefix, tag, "HEAD~2", "main")
 * to a commit id. DK_ENOTFOUND "revision: REV: unknown". */
int legal_resolve(struct legal_repo *r, const char *rev, char id[41]);

/* "terms-of-service" -> "terms/terms-of-service.md"; DK_EINVAL for names
 * that are empty, contain '/', start with '.', or hold control bytes.
 * Caller frees *path. */
int legal_doc_path(const char *doc, char **path);

/* The contents of path at rev (NULL = HEAD). *id (may be NULL) gets the
 * commit. Errors: DK_ENOTFOUND "terms/x.md: not in revision abc1234"
 * (missing, or renamed away), DK_EINVAL "...: binary file" / "...: not
 * UTF-8 text" / "...: too large" for documents that are not text. */
int legal_show(struct legal_repo *r, const char *rev, const char *path, char **data, size_t *len,
	       char id[41]);

/* The same without copying: data points into the repository's object
 * (not NUL-terminated) until legal_text_free(). Diffs of two such texts
 * (terms/diff.h diff_lines_texts) skip re-hashing the contents. */
struct git_blob;
struct legal_text {
	const char *data;
	size_t len;
	char id[41];           /* the commit */
	struct git_blob *blob; /* private */
};
int legal_text_read(struct legal_repo *r, const char *rev, const char *path, struct legal_text *t);
void legal_text_free(struct legal_text *t);

/* One revision of a document: a commit on main that changed it. */
struct legal_rev {
	char id[LEGAL_ID_LEN + 1];
	char *author;        /* author name */
	char *author_email;
	dk_time committed_at;  /* commit time = publication (notice sent) */
	dk_time effective;     /* Effective: trailer, else committed_at */
	int has_effective;     /* the trailer was present and valid */
	int notice_days;       /* Notice-Days: trailer, else 0 */
	char *subject;         /* first line of the message */
};

/* The revisions of path on main (refs/heads/main, else HEAD), newest
 * first, like `git log -- path`: commits whose tree differs for path from
 * their parent (from every parent, for merges); a root commit counts when
 * it holds the path. An empty result is not an error. The log is cached
 * per path and HEAD in r. */
int legal_log(struct legal_repo *r, const char *path, struct legal_rev **out, size_t *n);
void legal_revs_free(struct legal_rev *v, size_t n);
/* The revision of path as of rev (NULL = HEAD): the newest commit in
 * legal_log(path) that is rev or one of its ancestors. DK_ENOTFOUND when
 * rev is unknown or path is not in it. */
int legal_doc_revision_at(struct legal_repo *r, const char *path, const char *rev, char id[41]);
/* Deep copy of one revision into *dst. */
void legal_rev_copy(struct legal_rev *dst, const struct legal_rev *src);
void legal_rev_clear(struct legal_rev *v);

/* Read the publication trailers of a commit message with git's trailer
 * rules (last paragraph, "Key: value", keys case-insensitive). *effective
 * is DK_TIME_NONE when there is no valid Effective: trailer; *notice_days
 * 0 when none. tz as in legal_set_tz. */
void legal_parse_trailers(const char *message, const char *tz, dk_time *effective, int *notice_days);

/* ---- publishing, in two steps so that the caller can tie it to a
 * database transaction:
 *   legal_commit_file()  writes blob, tree and commit objects only (an
 *                        unreferenced commit is harmless if anything fails);
 *   legal_advance()      moves main from old_id to new_id atomically
 *                        (compare-and-swap: DK_ECONFLICT if main moved),
 *                        then brings the index and working tree along;
 *   legal_rewind()       moves it back (new_id -> old_id) after a failure
 *                        that came later (e.g. the audit commit failed). */
struct legal_publish {
	const char *path;    /* "terms/terms-of-service.md" */
	const char *data;
	size_t len;
	const char *author;  /* login; email login@docket */
	dk_time when;        /* author and commit time */
	const char *message; /* subject (and body); NULL for "Publish PATH" */
	dk_time effective;   /* DK_TIME_NONE: no trailer */
	int notice_days;     /* 0: no trailer */
	const char *tz;      /* zone for formatting the Effective date */
};
/* DK_ECONFLICT "PATH: identical to the current revision" when data equals
 * the file at HEAD. old_id receives HEAD, new_id the new commit. */
int legal_commit_file(struct legal_repo *r, const struct legal_publish *p, char old_id[41], char new_id[41]);
int legal_advance(struct legal_repo *r, const char *old_id, const char *new_id);
int legal_rewind(struct legal_repo *r, const char *new_id, const char *old_id);
/* The commits reachable from main, newest first, except since (a
 * commit id, or NULL) and its ancestors. *ids is one array; free() it. */
int legal_main_commits(struct legal_repo *r, const char *since, char (**ids)[LEGAL_ID_LEN + 1], size_t *n);
/* *yes = 1 when commit id is main's tip or one of its ancestors. */
int legal_main_contains(struct legal_repo *r, const char *id, int *yes);
/* Both steps at once (tests, demo). */
int legal_publish_file(struct legal_repo *r, const struct legal_publish *p, char new_id[41]);

/* Text checks shared with the diff code: 0 when buf is valid UTF-8
 * without NUL bytes; DK_EINVAL with "WHAT: binary file" or "WHAT: not
 * UTF-8 text" otherwise. */
int legal_check_text(const char *what, const char *buf, size_t len);

#endif
