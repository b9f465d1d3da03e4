/* legal.c - the legal repository on libgit2: open, init, read, log, publish. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "lib/buf.h"
#include "lib/embed.h"
#include "lib/err.h"
#include "lib/priv.h"
#include "lib/util.h"
#include "terms/legal.h"

struct legal_repo {
	git_repository *repo;
	char *dir;
	char *tz;
	/* cache of the last legal_log() answer */
	char *log_path;
	git_oid log_head;
	struct legal_rev *log;
	size_t nlog;
};

/* libgit2 is initialised once per legal_repo (it counts) and the
 * ownership check is switched off for the process: see
 * docs/legal-repo.md, "Shared workspaces". Objects read are not re-hashed
 * (libgit2 does by default; git does not): zlib's checksum and the pack's
 * CRC still catch damage, and re-hashing the delta chain of a 200 KB
 * document was a fifth of a `terms show`. */
static void lg_init(void)
{
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* a setgid docket reads no configuration the user controls (their
	 * ~/.gitconfig, XDG or system files): only the repository's own */
	if (priv_active())
		for (int level = GIT_CONFIG_LEVEL_PROGRAMDATA; level <= GIT_CONFIG_LEVEL_GLOBAL; level++)
			git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "");
}

static const char *git_why(void)
{
	const git_error *e = git_error_last();
	if (e && e->message && *e->message && !strstr(e->message, "No space left"))
		return e->message;
	/* libgit2 often says nothing of why a write failed */
	if (errno == ENOSPC || (e && e->message && strstr(e->message, "No space left")))
		return "disk full";
	if (errno == EROFS)
		return "read-only file system";
	return e && e->message && *e->message ? e->message : "unknown libgit2 error";
}

/* Map a libgit2 failure to a docket error "WHAT: <libgit2 message>". */
static int git_fail(int grc, const char *what)
{
	int code = grc == GIT_ENOTFOUND ? DK_ENOTFOUND : DK_EIO;
	return err_set(code, "%s: %s", what, git_why());
}

void legal_set_tz(struct legal_repo *r, const char *tz)
{
	free(r->tz);
	r->tz = tz && *tz ? xstrdup(tz) : NULL;
}

const char *legal_dir(const struct legal_repo *r)
{
	return r->dir;
}

static void log_cache_drop(struct legal_repo *r)
{
	legal_revs_free(r->log, r->nlog);
	r->log = NULL;
	r->nlog = 0;
	free(r->log_path);
	r->log_path = NULL;
}

void legal_free(struct legal_repo *r)
{
	if (!r)
		return;
	log_cache_drop(r);
	git_repository_free(r->repo);
	free(r->dir);
	free(r->tz);
	free(r);
	git_libgit2_shutdown();
}

static int is_hex40(const char *s)
{
	for (int i = 0; i < 40; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int legal_head_peek(const char *dir, char id[41])
{
	char *path = xasprintf("%s/.git/HEAD", dir), *head = NULL, *ref = NULL;
	size_t len;
	int rc = read_file(path, &head, &len);
	free(path);
	if (rc)
		return DK_ENOTFOUND;
	rc = DK_ENOTFOUND;
	if (len >= 40 && is_hex40(head)) {
		memcpy(id, head, 40);
		id[40] = '\0';
		rc = 0;
	} else if (!strncmp(head, "ref: ", 5)) {
		char *name = head + 5;
		name[strcspn(name, "\r\n")] = '\0';
		if (strstr(name, "..") || !*name)
			goto out;
		path = xasprintf("%s/.git/%s", dir, name);
		if (!read_file(path, &ref, &len) && len >= 40 && is_hex40(ref)) {
			memcpy(id, ref, 40);
			id[40] = '\0';
			rc = 0;
		}
		free(path);
		free(ref);
		ref = NULL;
		if (rc) { /* packed-refs: "<id> <name>" lines */
			path = xasprintf("%s/.git/packed-refs", dir);
			if (!read_file(path, &ref, &len)) {
				size_t nl = strlen(name);
				for (char *line = ref; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
					if (strlen(line) > 41 && is_hex40(line) && line[40] == ' ' && !strncmp(line + 41, name, nl) &&
					    (line[41 + nl] == '\n' || line[41 + nl] == '\0' || line[41 + nl] == '\r')) {
						memcpy(id, line, 40);
						id[40] = '\0';
						rc = 0;
						break;
					}
				}
			}
			free(path);
		}
	}
out:
	free(ref);
	free(head);
	return rc;
}

int legal_open(const char *dir, struct legal_repo **out)
{
	struct stat st;
	git_repository *repo = NULL;
	int grc;

	*out = NULL;
	if (stat(dir, &st) != 0) {
		if (errno == ENOENT)
			return err_set(DK_ENOTFOUND, "legal repository: %s: missing", dir);
		return err_set(DK_EIO, "legal repository: %s: %s", dir, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return err_set(DK_EIO, "legal repository: %s: not a folder", dir);
	lg_init();
	grc = git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (grc < 0) {
		int rc = grc == GIT_ENOTFOUND
				 ? err_set(DK_EIO, "legal repository: %s: not a git repository", dir)
				 : err_set(DK_EIO, "legal repository: %s: %s", dir, git_why());
		git_libgit2_shutdown();
		return rc;
	}
	if (git_repository_is_bare(repo)) {
		git_repository_free(repo);
		git_libgit2_shutdown();
		return err_set(DK_EIO, "legal repository: %s: bare repository (expected a working tree)", dir);
	}
	struct legal_repo *r = xcalloc(1, sizeof(*r));
	r->repo = repo;
	r->dir = xstrdup(dir);
	*out = r;
	return 0;
}

/* mkdir -p for the parent folders of path (relative to root). */
static int mkparents(const char *root, const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);
	int rc = 0;
	for (char *s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = err_set(DK_EIO, "legal repository: %s: %s", p, strerror(errno));
		*s = '/';
		if (rc)
			break;
	}
	free(p);
	return rc;
}

static int write_all(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return err_set(DK_EIO, "legal repository: %s: %s", path, strerror(errno));
	size_t w = len ? fwrite(data, 1, len, f) : 0;
	if (fclose(f) != 0 || w != len)
		return err_set(DK_EIO, "legal repository: %s: write failed", path);
	return 0;
}

static void date_of(dk_time t, const char *tz, char out[DK_TIME_BUFSZ])
{
	dk_date_format(t, tz, out);
}

static int no_others(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)ftw;
	if ((flag == FTW_F || flag == FTW_D) && (sb->st_mode & S_IRWXO))
		chmod(path, sb->st_mode & 07770);
	return 0;
}

int legal_init(const char *dir, const char *author_login, dk_time when, struct legal_repo **out)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, commit_id;
	struct buf msg = BUF_INIT;
	char day[DK_TIME_BUFSZ];
	int rc = 0, grc;

	*out = NULL;
	lg_init();
	git_repository_init_options opts;
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.mode = GIT_REPOSITORY_INIT_SHARED_GROUP;
	opts.initial_head = "main";
	grc = git_repository_init_ext(&repo, dir, &opts);
	if (grc == GIT_EEXISTS) {
		rc = err_set(DK_ECONFLICT, "legal repository: %s: already a git repository", dir);
		goto out;
	}
	if (grc < 0) {
		rc = err_set(DK_EIO, "legal repository: %s: %s", dir, git_why());
		goto out;
	}
	if ((grc = git_repository_index(&index, repo)) < 0) {
		rc = git_fail(grc, "legal repository");
		goto out;
	}
	for (size_t i = 0; starter_files[i].path; i++) {
		const struct embedded_file *f = &starter_files[i];
		char *full = xasprintf("%s/%s", dir, f->path);
		rc = mkparents(dir, f->path);
		if (!rc)
			rc = write_all(full, f->data, f->len);
		free(full);
		if (rc)
			goto out;
		if ((grc = git_index_add_bypath(index, f->path)) < 0) {
			rc = git_fail(grc, f->path);
			goto out;
		}
	}
	if ((grc = git_index_write(index)) < 0 || (grc = git_index_write_tree(&tree_id, index)) < 0 ||
	    (grc = git_tree_lookup(&tree, repo, &tree_id)) < 0) {
		rc = git_fail(grc, "legal repository");
		goto out;
	}
	char *email = xasprintf("%s@docket", author_login);
	grc = git_signature_new(&sig, author_login, email, (git_time_t)when, 0);
	free(email);
	if (grc < 0) {
		rc = err_set(DK_EINVAL, "legal repository: author %s: %s", author_login, git_why());
		goto out;
	}
	date_of(when, NULL, day);
	buf_printf(&msg, "Starter legal content\n\nTerms of service, privacy policy, rule pack and calendars\n"
			 "as shipped with docket.\n\nEffective: %s\n", day);
	grc = git_commit_create(&commit_id, repo, "HEAD", sig, sig, NULL, buf_str(&msg), tree, 0, NULL);
	if (grc < 0) {
		rc = git_fail(grc, "legal repository: first commit");
		goto out;
	}
out:
	buf_release(&msg);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
	git_repository_free(repo);
	git_libgit2_shutdown();
	if (rc)
		return rc;
	/* libgit2 makes a group-shared repository's folders 2775 whatever
	 * the umask: nothing in a workspace is for others */
	nftw(dir, no_others, 16, FTW_PHYS);
	return legal_open(dir, out);
}

/* ---- reading */

static int lookup_commit(struct legal_repo *r, const char *rev, git_commit **out)
{
	git_object *obj = NULL, *peeled = NULL;
	const char *spec = rev && *rev ? rev : "HEAD";
	int grc;
	*out = NULL;
	if (!strcmp(spec, "HEAD")) {
		/* resolved by hand: libgit2 1.5's revparse leaks when HEAD
		 * names a missing object */
		git_oid oid;
		git_commit *c;
		if (git_reference_name_to_id(&oid, r->repo, "HEAD") < 0)
			return err_set(DK_ENOTFOUND, "legal repository: %s: no commit yet (%s)", r->dir, git_why());
		if (git_commit_lookup(&c, r->repo, &oid) < 0)
			return err_set(DK_EIO, "legal repository: %s: HEAD: %s", r->dir, git_why());
		*out = c;
		return 0;
	}
	grc = git_revparse_single(&obj, r->repo, spec);
	if (grc == GIT_ENOTFOUND || grc == GIT_EINVALIDSPEC)
		return err_set(DK_ENOTFOUND, "revision: %s: unknown", spec);
	if (grc == GIT_EAMBIGUOUS)
		return err_set(DK_ENOTFOUND, "revision: %s: ambiguous", spec);
	if (grc < 0) {
		if (!rev || !*rev)
			return err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
		return err_set(DK_ENOTFOUND, "revision: %s: %s", spec, git_why());
	}
	grc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (grc < 0)
		return err_set(DK_ENOTFOUND, "revision: %s: not a commit", spec);
	*out = (git_commit *)peeled;
	return 0;
}

int legal_resolve(struct legal_repo *r, const char *rev, char id[41])
{
	git_commit *c;
	int rc = lookup_commit(r, rev, &c);
	if (rc)
		return rc;
	git_oid_tostr(id, LEGAL_ID_LEN + 1, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

int legal_doc_path(const char *doc, char **path)
{
	*path = NULL;
	if (!doc || !*doc)
		return err_set(DK_EINVAL, "document: empty name");
	if (doc[0] == '.' || doc[0] == '-')
		return err_set(DK_EINVAL, "document: %s: invalid name", doc);
	for (const unsigned char *p = (const unsigned char *)doc; *p; p++)
		if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f)
			return err_set(DK_EINVAL, "document: %s: invalid name", doc);
	size_t n = strlen(doc);
	if (n > 3 && !strcmp(doc + n - 3, ".md"))
		*path = xasprintf("terms/%s", doc);
	else
		*path = xasprintf("terms/%s.md", doc);
	return 0;
}

/* Strict UTF-8: no overlongs, surrogates or code points past U+10FFFF. */
static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* ASCII eight bytes at a time: documents are mostly ASCII */
		uint64_t w;
		while (n - i >= 8 && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull)))
			i += 8;
		if (i >= n)
			break;
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k;
		uint32_t cp;
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += k + 1;
	}
	return 1;
}

int legal_check_text(const char *what, const char *buf, size_t len)
{
	if (len && memchr(buf, '\0', len))
		return err_set(DK_EINVAL, "%s: binary file", what);
	if (!utf8_valid((const unsigned char *)buf, len))
		return err_set(DK_EINVAL, "%s: not UTF-8 text", what);
	return 0;
}

int legal_text_read(struct legal_repo *r, const char *rev, const char *path, struct legal_text *t)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *ent = NULL;
	git_blob *blob = NULL;
	int rc, grc;

	memset(t, 0, sizeof(*t));
	if ((rc = lookup_commit(r, rev, &c)))
		return rc;
	git_oid_tostr(t->id, sizeof(t->id), git_commit_id(c));
	if ((grc = git_commit_tree(&tree, c)) < 0) {
		rc = git_fail(grc, "legal repository");
		goto out;
	}
	grc = git_tree_entry_bypath(&ent, tree, path);
	if (grc == GIT_ENOTFOUND) {
		rc = err_set(DK_ENOTFOUND, "%s: not in revision %.7s", path, t->id);
		goto out;
	}
	if (grc < 0) {
		rc = git_fail(grc, path);
		goto out;
	}
	if (git_tree_entry_type(ent) != GIT_OBJECT_BLOB) {
		rc = err_set(DK_EINVAL, "%s: not a file in revision %.7s", path, t->id);
		goto out;
	}
	if ((grc = git_blob_lookup(&blob, r->repo, git_tree_entry_id(ent))) < 0) {
		rc = err_set(DK_EIO, "%s: revision %.7s: %s", path, t->id, git_why());
		goto out;
	}
	git_object_size_t sz = git_blob_rawsize(blob);
	if (sz > LEGAL_MAX_FILE) {
		rc = err_set(DK_EINVAL, "%s: too large (%llu bytes; limit %u)", path, (unsigned long long)sz,
			     LEGAL_MAX_FILE);
		goto out;
	}
	if ((rc = legal_check_text(path, git_blob_rawcontent(blob), (size_t)sz)))
		goto out;
	t->data = git_blob_rawcontent(blob);
	t->len = (size_t)sz;
	t->blob = blob;
	blob = NULL;
out:
	git_blob_free(blob);
	git_tree_entry_free(ent);
	git_tree_free(tree);
	git_commit_free(c);
	if (rc)
		memset(t, 0, sizeof(*t));
	return rc;
}

void legal_text_free(struct legal_text *t)
{
	git_blob_free(t->blob);
	memset(t, 0, sizeof(*t));
}

int legal_show(struct legal_repo *r, const char *rev, const char *path, char **data, size_t *len, char id[41])
{
	struct legal_text t;
	*data = NULL;
	*len = 0;
	int rc = legal_text_read(r, rev, path, &t);
	if (rc)
		return rc;
	if (id)
		memcpy(id, t.id, sizeof(t.id));
	*data = xmalloc(t.len + 1);
	memcpy(*data, t.data, t.len);
	(*data)[t.len] = '\0';
	*len = t.len;
	legal_text_free(&t);
	return 0;
}

struct walk_ctx {
	struct legal_repo *r;
	const char *prefix;
	size_t plen;
	struct legal_file *files;
	size_t n, cap;
	int rc;
};

static int walk_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct walk_ctx *w = payload;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	char *path = xasprintf("%s%s", root, git_tree_entry_name(e));
	if (w->plen && strncmp(path, w->prefix, w->plen) != 0) {
		free(path);
		return 0;
	}
	git_blob *blob;
	if (git_blob_lookup(&blob, w->r->repo, git_tree_entry_id(e)) < 0) {
		w->rc = err_set(DK_EIO, "%s: %s", path, git_why());
		free(path);
		return -1;
	}
	git_object_size_t sz = git_blob_rawsize(blob);
	if (sz > LEGAL_MAX_FILE) {
		w->rc = err_set(DK_EINVAL, "%s: too large", path);
		git_blob_free(blob);
		free(path);
		return -1;
	}
	ARRAY_GROW(w->files, w->cap, w->n + 1);
	struct legal_file *f = &w->files[w->n++];
	f->path = path;
	f->len = (size_t)sz;
	f->data = xmalloc(f->len + 1);
	memcpy(f->data, git_blob_rawcontent(blob), f->len);
	f->data[f->len] = '\0';
	git_blob_free(blob);
	return 0;
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct legal_file *)a)->path, ((const struct legal_file *)b)->path);
}

int legal_read_files(struct legal_repo *r, const char *rev, const char *prefix, struct legal_file **out,
		     size_t *n, char commit_id[41])
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	struct walk_ctx w = { r, prefix ? prefix : "", prefix ? strlen(prefix) : 0, NULL, 0, 0, 0 };
	int rc, grc;

	*out = NULL;
	*n = 0;
	if ((rc = lookup_commit(r, rev, &c)))
		return rc;
	if (commit_id)
		git_oid_tostr(commit_id, LEGAL_ID_LEN + 1, git_commit_id(c));
	if ((grc = git_commit_tree(&tree, c)) < 0) {
		rc = git_fail(grc, "legal repository");
		goto out;
	}
	grc = git_tree_walk(tree, GIT_TREEWALK_PRE, walk_cb, &w);
	if (grc < 0) {
		rc = w.rc ? w.rc : git_fail(grc, "legal repository");
		legal_files_free(w.files, w.n);
		goto out;
	}
	if (w.n)
		qsort(w.files, w.n, sizeof(*w.files), file_cmp);
	*out = w.files;
	*n = w.n;
out:
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

void legal_files_free(struct legal_file *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].path);
		free(f[i].data);
	}
	free(f);
}

/* ---- log */

void legal_parse_trailers(const char *message, const char *tz, dk_time *effective, int *notice_days)
{
	git_message_trailer_array arr = { 0 };
	*effective = DK_TIME_NONE;
	*notice_days = 0;
	if (!message || git_message_trailers(&arr, message) < 0)
		return;
	for (size_t i = 0; i < arr.count; i++) {
		const char *k = arr.trailers[i].key, *v = arr.trailers[i].value;
		if (!strcasecmp(k, "Effective")) {
			dk_time t;
			if (dk_time_parse(v, tz, &t) == 0)
				*effective = t;
		} else if (!strcasecmp(k, "Notice-Days")) {
			int64_t d;
			if (parse_int64(v, 0, 3650, &d) == 0)
				*notice_days = (int)d;
		}
	}
	git_message_trailer_array_free(&arr);
	err_clear();
}

void legal_rev_clear(struct legal_rev *v)
{
	free(v->author);
	free(v->author_email);
	free(v->subject);
	memset(v, 0, sizeof(*v));
}

void legal_revs_free(struct legal_rev *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		legal_rev_clear(&v[i]);
	free(v);
}

void legal_rev_copy(struct legal_rev *dst, const struct legal_rev *src)
{
	*dst = *src;
	dst->author = xstrdup(src->author ? src->author : "");
	dst->author_email = xstrdup(src->author_email ? src->author_email : "");
	dst->subject = xstrdup(src->subject ? src->subject : "");
}

/* The blob id of path in commit c's tree; *found 0 when absent. */
static int path_blob(git_commit *c, const char *path, git_oid *blob, int *found)
{
	git_tree *tree;
	git_tree_entry *ent;
	int grc = git_commit_tree(&tree, c);
	*found = 0;
	if (grc < 0)
		return grc;
	grc = git_tree_entry_bypath(&ent, tree, path);
	git_tree_free(tree);
	if (grc == GIT_ENOTFOUND)
		return 0;
	if (grc < 0)
		return grc;
	git_oid_cpy(blob, git_tree_entry_id(ent));
	*found = git_tree_entry_type(ent) == GIT_OBJECT_BLOB;
	git_tree_entry_free(ent);
	return 0;
}

static int main_ref(struct legal_repo *r, git_reference **out)
{
	int grc = git_reference_lookup(out, r->repo, "refs/heads/main");
	if (grc == GIT_ENOTFOUND) {
		git_reference *head;
		grc = git_repository_head(&head, r->repo);
		if (grc < 0)
			return grc;
		*out = head;
	}
	return grc;
}

static int log_build(struct legal_repo *r, const char *path, const git_oid *head, struct legal_rev **out,
		     size_t *n)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	struct legal_rev *v = NULL;
	size_t nv = 0, cap = 0;
	/* one-entry memo: the blob of the last parent looked up */
	git_oid memo_commit, memo_blob;
	int memo_valid = 0, memo_found = 0;
	int rc = 0, grc;

	if ((grc = git_revwalk_new(&walk, r->repo)) < 0 || (grc = git_revwalk_push(walk, head)) < 0) {
		rc = git_fail(grc, "legal repository");
		goto out;
	}
	git_revwalk_sorting(walk, GIT_SORT_NONE);
	while ((grc = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c;
		git_oid blob, pblob;
		int found, pfound, changed;
		if ((grc = git_commit_lookup(&c, r->repo, &oid)) < 0)
			break;
		if (memo_valid && git_oid_equal(&memo_commit, &oid)) {
			found = memo_found;
			git_oid_cpy(&blob, &memo_blob);
		} else if ((grc = path_blob(c, path, &blob, &found)) < 0) {
			git_commit_free(c);
			break;
		}
		unsigned np = git_commit_parentcount(c);
		changed = np == 0 ? found : 1;
		for (unsigned i = 0; i < np && changed; i++) {
			git_commit *p;
			if ((grc = git_commit_parent(&p, c, i)) < 0)
				break;
			grc = path_blob(p, path, &pblob, &pfound);
			if (i == 0) {
				git_oid_cpy(&memo_commit, git_commit_id(p));
				git_oid_cpy(&memo_blob, &pblob);
				memo_found = pfound;
				memo_valid = grc == 0;
			}
			git_commit_free(p);
			if (grc < 0)
				break;
			if (found == pfound && (!found || git_oid_equal(&blob, &pblob)))
				changed = 0;
		}
		if (grc < 0) {
			git_commit_free(c);
			break;
		}
		if (changed && found) {
			ARRAY_GROW(v, cap, nv + 1);
			struct legal_rev *e = &v[nv++];
			memset(e, 0, sizeof(*e));
			git_oid_tostr(e->id, sizeof(e->id), &oid);
			const git_signature *a = git_commit_author(c);
			e->author = xstrdup(a && a->name ? a->name : "");
			e->author_email = xstrdup(a && a->email ? a->email : "");
			e->committed_at = (dk_time)git_commit_time(c);
			const char *sum = git_commit_summary(c);
			e->subject = xstrdup(sum ? sum : "");
			legal_parse_trailers(git_commit_message(c), r->tz, &e->effective, &e->notice_days);
			e->has_effective = e->effective != DK_TIME_NONE;
			if (!e->has_effective)
				e->effective = e->committed_at;
		}
		git_commit_free(c);
	}
	if (grc != GIT_ITEROVER) {
		rc = err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
		legal_revs_free(v, nv);
		goto out;
	}
	*out = v;
	*n = nv;
out:
	git_revwalk_free(walk);
	return rc;
}

int legal_log(struct legal_repo *r, const char *path, struct legal_rev **out, size_t *n)
{
	git_reference *ref = NULL;
	git_oid head;
	int rc, grc;

	*out = NULL;
	*n = 0;
	grc = main_ref(r, &ref);
	if (grc == GIT_EUNBORNBRANCH || grc == GIT_ENOTFOUND)
		return 0; /* an empty repository has no revisions */
	if (grc < 0)
		return err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
	grc = git_reference_name_to_id(&head, r->repo, git_reference_name(ref));
	git_reference_free(ref);
	if (grc < 0)
		return err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
	if (!r->log_path || strcmp(r->log_path, path) != 0 || !git_oid_equal(&head, &r->log_head)) {
		struct legal_rev *v = NULL;
		size_t nv = 0;
		if ((rc = log_build(r, path, &head, &v, &nv)))
			return rc;
		log_cache_drop(r);
		r->log = v;
		r->nlog = nv;
		r->log_path = xstrdup(path);
		git_oid_cpy(&r->log_head, &head);
	}
	if (r->nlog) {
		*out = xcalloc(r->nlog, sizeof(**out));
		for (size_t i = 0; i < r->nlog; i++)
			legal_rev_copy(&(*out)[i], &r->log[i]);
	}
	*n = r->nlog;
	return 0;
}

int legal_doc_revision_at(struct legal_repo *r, const char *path, const char *rev, char id[41])
{
	git_commit *c = NULL;
	struct legal_rev *v = NULL;
	size_t n = 0;
	git_oid blob;
	int found = 0, rc;

	if ((rc = lookup_commit(r, rev, &c)))
		return rc;
	if (path_blob(c, path, &blob, &found) < 0 || !found) {
		rc = err_set(DK_ENOTFOUND, "%s: not in revision %.7s", path, git_oid_tostr_s(git_commit_id(c)));
		goto out;
	}
	if ((rc = legal_log(r, path, &v, &n)))
		goto out;
	rc = err_set(DK_ENOTFOUND, "%s: revision %.7s is not on main", path, git_oid_tostr_s(git_commit_id(c)));
	for (size_t i = 0; i < n; i++) {
		git_oid e;
		git_oid_fromstr(&e, v[i].id);
		if (git_oid_equal(&e, git_commit_id(c)) || git_graph_descendant_of(r->repo, git_commit_id(c), &e) == 1) {
			memcpy(id, v[i].id, LEGAL_ID_LEN + 1);
			err_clear();
			rc = 0;
			break;
		}
	}
out:
	legal_revs_free(v, n);
	git_commit_free(c);
	return rc;
}

/* ---- publishing */

/* Every object a new tree refers to must be in the repository: a tree
 * built on a damaged parent would commit references to objects that are
 * gone (git_tree_create_updated() copies ids without reading them). */
struct dep_check {
	git_odb *odb;
	char missing[LEGAL_ID_LEN + 1];
	char path[512];
};

static int dep_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct dep_check *d = payload;
	if (git_tree_entry_filemode(e) == GIT_FILEMODE_COMMIT)
		return 0; /* a submodule's commit lives elsewhere */
	if (git_odb_exists(d->odb, git_tree_entry_id(e)))
		return 0;
	git_oid_tostr(d->missing, sizeof(d->missing), git_tree_entry_id(e));
	snprintf(d->path, sizeof(d->path), "%s%s", root, git_tree_entry_name(e));
	return -1;
}

static int check_tree_complete(struct legal_repo *r, git_tree *tree)
{
	struct dep_check d = { 0 };
	if (git_repository_odb(&d.odb, r->repo) < 0)
		return err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
	int grc = git_tree_walk(tree, GIT_TREEWALK_PRE, dep_cb, &d);
	git_odb_free(d.odb);
	if (d.missing[0])
		return err_set(DK_EIO, "legal repository: %s: object %.12s (%s) is missing; the history is damaged, nothing"
				       " was published (restore legal/ from a backup)",
			       r->dir, d.missing, d.path);
	if (grc < 0)
		return err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
	return 0;
}

int legal_commit_file(struct legal_repo *r, const struct legal_publish *p, char old_id[41], char new_id[41])
{
	git_reference *ref = NULL;
	git_commit *head = NULL;
	git_tree *base = NULL;
	git_signature *sig = NULL;
	git_oid blob_id, tree_id, commit_id, head_id;
	git_tree *tree = NULL;
	struct buf msg = BUF_INIT;
	int rc = 0, grc;

	if ((rc = legal_check_text(p->path, p->data, p->len)))
		return rc;
	if (p->len > LEGAL_MAX_FILE)
		return err_set(DK_EINVAL, "%s: too large", p->path);
	if ((grc = main_ref(r, &ref)) < 0 ||
	    (grc = git_reference_name_to_id(&head_id, r->repo, git_reference_name(ref))) < 0 ||
	    (grc = git_commit_lookup(&head, r->repo, &head_id)) < 0 || (grc = git_commit_tree(&base, head)) < 0) {
		rc = err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
		goto out;
	}
	git_oid_tostr(old_id, LEGAL_ID_LEN + 1, &head_id);
	{
		git_tree_entry *ent;
		if (git_tree_entry_bypath(&ent, base, p->path) == 0) {
			git_blob *cur;
			int same = 0;
			if (git_blob_lookup(&cur, r->repo, git_tree_entry_id(ent)) == 0) {
				same = (size_t)git_blob_rawsize(cur) == p->len &&
				       (p->len == 0 || !memcmp(git_blob_rawcontent(cur), p->data, p->len));
				git_blob_free(cur);
			}
			git_tree_entry_free(ent);
			if (same) {
				rc = err_set(DK_ECONFLICT, "%s: identical to the current revision %.7s", p->path,
					     old_id);
				goto out;
			}
		}
	}
	if ((grc = git_blob_create_from_buffer(&blob_id, r->repo, p->data, p->len)) < 0) {
		rc = git_fail(grc, "legal repository: writing the document");
		goto out;
	}
	git_tree_update upd = { GIT_TREE_UPDATE_UPSERT, blob_id, GIT_FILEMODE_BLOB, p->path };
	if ((grc = git_tree_create_updated(&tree_id, r->repo, base, 1, &upd)) < 0 ||
	    (grc = git_tree_lookup(&tree, r->repo, &tree_id)) < 0) {
		rc = git_fail(grc, "legal repository: writing the tree");
		goto out;
	}
	if ((rc = check_tree_complete(r, tree)))
		goto out;
	char *email = xasprintf("%s@docket", p->author);
	grc = git_signature_new(&sig, p->author, email, (git_time_t)p->when, 0);
	free(email);
	if (grc < 0) {
		rc = err_set(DK_EINVAL, "legal repository: author %s: %s", p->author, git_why());
		goto out;
	}
	/* subject/body, trimmed, then our trailers as the last paragraph */
	{
		const char *m = p->message && *p->message ? p->message : NULL;
		if (m) {
			size_t ml = strlen(m);
			while (ml && (m[ml - 1] == '\n' || m[ml - 1] == ' ' || m[ml - 1] == '\t' || m[ml - 1] == '\r'))
				ml--;
			buf_add(&msg, m, ml);
		} else {
			buf_printf(&msg, "Publish %s", p->path);
		}
		if (p->effective != DK_TIME_NONE || p->notice_days > 0)
			buf_adds(&msg, "\n\n");
		if (p->effective != DK_TIME_NONE) {
			char day[DK_TIME_BUFSZ];
			buf_printf(&msg, "Effective: %s\n", dk_date_format(p->effective, p->tz, day));
		}
		if (p->notice_days > 0)
			buf_printf(&msg, "Notice-Days: %d\n", p->notice_days);
		if (msg.len && msg.data[msg.len - 1] != '\n')
			buf_addc(&msg, '\n');
	}
	const git_commit *parents[1] = { head };
	grc = git_commit_create(&commit_id, r->repo, NULL, sig, sig, NULL, buf_str(&msg), tree, 1, parents);
	if (grc < 0) {
		rc = git_fail(grc, "legal repository: writing the commit");
		goto out;
	}
	git_oid_tostr(new_id, LEGAL_ID_LEN + 1, &commit_id);
out:
	buf_release(&msg);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(head);
	git_reference_free(ref);
	return rc;
}

/* Bring index and working tree from commit `from` to commit `to`, for
 * the files that differ, without overwriting local edits. Best effort:
 * the branch is the truth, the working tree a convenience. */
static void sync_worktree(struct legal_repo *r, const git_oid *from, const git_oid *to)
{
	git_commit *cf = NULL, *ct = NULL;
	git_tree *tf = NULL;
	if (git_commit_lookup(&cf, r->repo, from) < 0 || git_commit_lookup(&ct, r->repo, to) < 0 ||
	    git_commit_tree(&tf, cf) < 0)
		goto out;
	git_checkout_options co;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	co.baseline = tf;
	(void)git_checkout_tree(r->repo, (const git_object *)ct, &co);
out:
	git_tree_free(tf);
	git_commit_free(cf);
	git_commit_free(ct);
	git_error_clear();
}

/* A lock git or docket left behind when killed (a ref update holds its
 * lock for milliseconds): removed when older than this, so that a kill
 * during a publish does not block every publish after it. */
#define LOCK_STALE_SECS 10

static void clear_stale_lock(struct legal_repo *r, const char *rel)
{
	const char *gitdir = git_repository_path(r->repo);
	char *p = xasprintf("%s%s", gitdir, rel);
	struct stat sb;
	if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode) && time(NULL) - sb.st_mtime > LOCK_STALE_SECS)
		unlink(p);
	free(p);
}

static int move_main(struct legal_repo *r, const char *from_id, const char *to_id, const char *why)
{
	clear_stale_lock(r, "refs/heads/main.lock");
	clear_stale_lock(r, "index.lock");
	git_reference *ref = NULL, *nref = NULL;
	git_oid from, to;
	int grc;
	if (git_oid_fromstr(&from, from_id) < 0 || git_oid_fromstr(&to, to_id) < 0)
		return err_set(DK_EINVAL, "legal repository: bad commit id");
	if ((grc = main_ref(r, &ref)) < 0)
		return err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
	char *name = xstrdup(git_reference_name(ref));
	git_reference_free(ref);
	grc = git_reference_create_matching(&nref, r->repo, name, &to, 1, &from, why);
	free(name);
	if (grc == GIT_EMODIFIED)
		return err_set(DK_ECONFLICT, "legal repository: main changed meanwhile; try again");
	if (grc < 0)
		return err_set(DK_EIO, "legal repository: moving main: %s", git_why());
	git_reference_free(nref);
	sync_worktree(r, &from, &to);
	return 0;
}

int legal_advance(struct legal_repo *r, const char *old_id, const char *new_id)
{
	return move_main(r, old_id, new_id, "docket: publish");
}

int legal_rewind(struct legal_repo *r, const char *new_id, const char *old_id)
{
	return move_main(r, new_id, old_id, "docket: publish undone");
}

int legal_publish_file(struct legal_repo *r, const struct legal_publish *p, char new_id[41])
{
	char old_id[LEGAL_ID_LEN + 1];
	int rc = legal_commit_file(r, p, old_id, new_id);
	return rc ? rc : legal_advance(r, old_id, new_id);
}

int legal_main_commits(struct legal_repo *r, const char *since, char (**ids)[LEGAL_ID_LEN + 1], size_t *n)
{
	*ids = NULL;
	*n = 0;
	git_reference *ref = NULL;
	git_revwalk *walk = NULL;
	git_oid oid, hide;
	size_t cap = 0;
	int grc = main_ref(r, &ref);
	if (grc < 0)
		return err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
	const git_oid *tip = git_reference_target(ref);
	if (!tip || (grc = git_revwalk_new(&walk, r->repo)) < 0 || (grc = git_revwalk_push(walk, tip)) < 0) {
		git_revwalk_free(walk);
		git_reference_free(ref);
		return err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
	}
	git_reference_free(ref);
	/* a baseline no longer in the repository hides nothing */
	if (since && git_oid_fromstr(&hide, since) == 0 && git_revwalk_hide(walk, &hide) < 0)
		git_error_clear();
	while ((grc = git_revwalk_next(&oid, walk)) == 0) {
		ARRAY_GROW(*ids, cap, *n + 1);
		git_oid_tostr((*ids)[(*n)++], LEGAL_ID_LEN + 1, &oid);
	}
	git_revwalk_free(walk);
	if (grc != GIT_ITEROVER) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return err_set(DK_EIO, "legal repository: %s: history: %s", r->dir, git_why());
	}
	return 0;
}

int legal_main_contains(struct legal_repo *r, const char *id, int *yes)
{
	*yes = 0;
	git_reference *ref = NULL;
	git_oid want;
	if (git_oid_fromstr(&want, id) < 0)
		return err_set(DK_EINVAL, "legal repository: bad commit id");
	if (main_ref(r, &ref) < 0)
		return err_set(DK_EIO, "legal repository: %s: %s", r->dir, git_why());
	const git_oid *tip = git_reference_target(ref);
	int grc = 0;
	if (tip && git_oid_equal(tip, &want))
		*yes = 1;
	else if (tip && (grc = git_graph_descendant_of(r->repo, tip, &want)) > 0)
		*yes = 1;
	git_reference_free(ref);
	if (grc < 0) {
		git_error_clear(); /* an unknown commit is simply not on main */
		*yes = 0;
	}
	return 0;
}
