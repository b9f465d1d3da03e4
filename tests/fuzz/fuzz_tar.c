/* fuzz_tar.c - core/tarball.h tar_extract(): `docket restore` reads an
 * archive that may come from anywhere.
 *
 * The input is written to a file and extracted into a fresh folder
 * BOX/x. Properties: never crashes; nothing appears in BOX but x (no
 * write escapes through "..", absolute names or prefixes); a failure is
 * reported with a "restore: " message (or the archive path's). */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/err.h"
#include "lib/tarball.h"

static char base[64];
static char box[96], out[128], archive[96];

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR)
		chmod(path, 0700);
	return remove(path);
}

static void rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void cleanup(void)
{
	if (base[0])
		rm_tree(base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!base[0]) {
		strcpy(base, "/tmp/docket-fuzz-XXXXXX");
		FUZZ_ASSERT(mkdtemp(base), "mkdtemp");
		atexit(cleanup);
		snprintf(box, sizeof(box), "%s/box", base);
		snprintf(out, sizeof(out), "%s/x", box);
		snprintf(archive, sizeof(archive), "%s/in.tar", base);
		FUZZ_ASSERT(mkdir(box, 0700) == 0, "mkdir %s", box);
	}
	FILE *fp = fopen(archive, "wb");
	FUZZ_ASSERT(fp, "%s: %s", archive, strerror(errno));
	FUZZ_ASSERT(fwrite(data, 1, size, fp) == size && fclose(fp) == 0, "write %s", archive);
	FUZZ_ASSERT(mkdir(out, 0700) == 0, "mkdir %s: %s", out, strerror(errno));

	int rc = tar_extract(archive, out);
	if (rc)
		FUZZ_ASSERT(!strncmp(err_msg(), "restore: ", 9) || !strncmp(err_msg(), out, strlen(out)),
			    "rc %d, message '%s'", rc, err_msg());

	DIR *d = opendir(box);
	FUZZ_ASSERT(d, "opendir %s", box);
	struct dirent *e;
	while ((e = readdir(d)))
		FUZZ_ASSERT(!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, "x"),
			    "'%s' written outside the extraction folder", e->d_name);
	closedir(d);
	/* and nothing beside the archive one level up either */
	d = opendir(base);
	FUZZ_ASSERT(d, "opendir %s", base);
	while ((e = readdir(d)))
		FUZZ_ASSERT(!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, "box") ||
				    !strcmp(e->d_name, "in.tar"),
			    "'%s' written two levels up", e->d_name);
	closedir(d);
	rm_tree(out);
	return 0;
}
