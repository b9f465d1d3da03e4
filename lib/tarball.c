/* tarball.c - ustar writer and reader. */
#include "lib/tarball.h"

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tar_writer {
	FILE *fp;
	char *path;
};

int tar_open(const char *path, struct tar_writer **out)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return err_set(errno == EEXIST ? DK_ECONFLICT : DK_EIO, "backup: %s: %s", path, strerror(errno));
	struct tar_writer *w = xcalloc(1, sizeof(*w));
	w->fp = fdopen(fd, "wb");
	w->path = xstrdup(path);
	*out = w;
	return 0;
}

static void octal(char *dst, size_t n, unsigned long long v)
{
	/* n - 1 octal digits, then NUL */
	dst[n - 1] = '\0';
	for (size_t i = n - 1; i-- > 0;) {
		dst[i] = (char)('0' + (v & 7));
		v >>= 3;
	}
}

static int header(struct tar_writer *w, const char *name, int dir, unsigned long long size, unsigned mode,
		  long long mtime)
{
	char h[512];
	memset(h, 0, sizeof(h));
	size_t nl = strlen(name);
	if (nl > 99) {
		/* split into prefix (155) / name (100) at a slash */
		const char *cut = NULL;
		for (const char *p = name; *p; p++)
			if (*p == '/' && (size_t)(p - name) <= 155 && strlen(p + 1) <= 99)
				cut = p;
		if (!cut)
			return err_set(DK_EIO, "backup: %s: path too long for the archive", name);
		memcpy(h + 345, name, (size_t)(cut - name));
		memcpy(h, cut + 1, strlen(cut + 1));
	} else {
		memcpy(h, name, nl);
	}
	octal(h + 100, 8, mode & 07777);
	octal(h + 108, 8, 0);
	octal(h + 116, 8, 0);
	octal(h + 124, 12, size);
	octal(h + 136, 12, (unsigned long long)(mtime < 0 ? 0 : mtime));
	memset(h + 148, ' ', 8);
	h[156] = dir ? '5' : '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	h[155] = ' ';
	if (fwrite(h, 1, 512, w->fp) != 512)
		return err_set(DK_EIO, "backup: %s: write failed", w->path);
	return 0;
}

int tar_add_path(struct tar_writer *w, const char *fs_path, const char *name)
{
	struct stat sb;
	if (lstat(fs_path, &sb) != 0)
		return err_set(DK_EIO, "backup: %s: %s", fs_path, strerror(errno));
	if (S_ISDIR(sb.st_mode)) {
		char *dn = xasprintf("%s/", name);
		int rc = header(w, dn, 1, 0, sb.st_mode, sb.st_mtime);
		free(dn);
		if (rc)
			return rc;
		DIR *d = opendir(fs_path);
		if (!d)
			return err_set(DK_EIO, "backup: %s: %s", fs_path, strerror(errno));
		struct dirent *e;
		char **names = NULL;
		size_t n = 0, cap = 0;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			ARRAY_GROW(names, cap, n + 1);
			names[n++] = xstrdup(e->d_name);
		}
		closedir(d);
		for (size_t i = 0; i < n; i++) {
			char *fp = xasprintf("%s/%s", fs_path, names[i]);
			char *nm = xasprintf("%s/%s", name, names[i]);
			if (!rc)
				rc = tar_add_path(w, fp, nm);
			free(fp);
			free(nm);
			free(names[i]);
		}
		free(names);
		return rc;
	}
	if (!S_ISREG(sb.st_mode))
		return 0; /* sockets, links: not part of a workspace */
	char *data;
	size_t len;
	int rc = read_file(fs_path, &data, &len);
	if (rc)
		return rc;
	if (!(rc = header(w, name, 0, len, sb.st_mode, sb.st_mtime))) {
		static const char zero[512];
		if (fwrite(data, 1, len, w->fp) != len || fwrite(zero, 1, (512 - len % 512) % 512, w->fp) != (512 - len % 512) % 512)
			rc = err_set(DK_EIO, "backup: %s: write failed", w->path);
	}
	free(data);
	return rc;
}

int tar_close(struct tar_writer *w, int abort_it)
{
	int rc = 0;
	if (!abort_it) {
		static const char zero[1024];
		if (fwrite(zero, 1, sizeof(zero), w->fp) != sizeof(zero) || fflush(w->fp) || fsync(fileno(w->fp)))
			rc = err_set(DK_EIO, "backup: %s: write failed", w->path);
	}
	if (fclose(w->fp) && !rc)
		rc = err_set(DK_EIO, "backup: %s: write failed", w->path);
	if (abort_it || rc)
		unlink(w->path);
	free(w->path);
	free(w);
	return rc;
}

static int mkdirs(const char *path, mode_t mode)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = 0;
			mkdir(p, mode);
			*s = '/';
		}
	}
	int rc = mkdir(p, mode) == 0 || errno == EEXIST ? 0 : -1;
	free(p);
	return rc;
}

/* A path inside a git folder's hooks/ ("legal/.git/hooks/...") */
static int is_hook_path(const char *name)
{
	for (const char *p = name; (p = strstr(p, ".git/hooks")); p++)
		if ((p == name || p[-1] == '/') && (p[10] == '/' || p[10] == 0))
			return 1;
	return 0;
}

int tar_extract(const char *path, const char *dir)
{
	char *data;
	size_t len;
	int rc = read_file(path, &data, &len);
	if (rc)
		return rc;
	size_t off = 0;
	while (off + 512 <= len) {
		const char *h = data + off;
		if (!h[0])
			break;
		unsigned sum = 0;
		for (int i = 0; i < 512; i++)
			sum += (i >= 148 && i < 156) ? ' ' : (unsigned char)h[i];
		if (strtoul(h + 148, NULL, 8) != sum || memcmp(h + 257, "ustar", 5)) {
			rc = err_set(DK_EINVAL, "restore: %s: not a docket backup (bad archive header at byte %zu)", path, off);
			break;
		}
		char name[260];
		if (h[345])
			snprintf(name, sizeof(name), "%.155s/%.100s", h + 345, h);
		else
			snprintf(name, sizeof(name), "%.100s", h);
		unsigned long long size = strtoull(h + 124, NULL, 8);
		unsigned mode = (unsigned)strtoul(h + 100, NULL, 8) & 0770;
		off += 512;
		if (name[0] == '/' || strstr(name, "..")) {
			rc = err_set(DK_EINVAL, "restore: %s: unsafe path in archive: %s", path, name);
			break;
		}
		if (size > len - off) {
			rc = err_set(DK_EINVAL, "restore: %s: archive truncated", path);
			break;
		}
		/* never hooks, never anything executable: a restored workspace
		 * runs no code it was handed */
		if (is_hook_path(name)) {
			off += (size_t)((size + 511) / 512 * 512);
			continue;
		}
		mode &= h[156] == '5' ? 0770u : 0660u;
		char *dest = xasprintf("%s/%s", dir, name);
		if (h[156] == '5') {
			size_t dl = strlen(dest);
			if (dl && dest[dl - 1] == '/')
				dest[dl - 1] = 0;
			if (mkdirs(dest, (mode_t)(mode ? mode : 0770) | 0700))
				rc = err_set(DK_EIO, "restore: %s: %s", dest, strerror(errno));
		} else if (h[156] == '0' || h[156] == 0) {
			char *slash = strrchr(dest, '/');
			*slash = 0;
			mkdirs(dest, 0770);
			*slash = '/';
			rc = write_file_atomic(dest, data + off, (size_t)size, (int)(mode ? mode : 0660));
		}
		free(dest);
		if (rc)
			break;
		off += (size_t)((size + 511) / 512 * 512);
	}
	free(data);
	return rc;
}
