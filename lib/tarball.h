/* tarball.h - minimal POSIX ustar archives for `docket backup` and
 * `restore`: regular files and directories only. */
#ifndef DOCKET_TARBALL_H
#define DOCKET_TARBALL_H

struct tar_writer;

/* Create path (mode 0600) for writing. */
int tar_open(const char *path, struct tar_writer **out);
/* Add the file at fs_path under the archive name `name`; directories are
 * added recursively. */
int tar_add_path(struct tar_writer *w, const char *fs_path, const char *name);
/* Finish (end blocks, fsync) and free. On rc != 0 from earlier calls pass
 * abort = 1: the file is removed. */
int tar_close(struct tar_writer *w, int abort);

/* Extract every entry of archive `path` below dir (which must exist).
 * Refuses absolute names and "..". */
int tar_extract(const char *path, const char *dir);

#endif
