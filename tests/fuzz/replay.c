/* replay.c - a libFuzzer stand-in: runs one fuzz target (linked in) over
 * a corpus and over deterministic mutations of it, so that the targets
 * run under gcc + ASan/UBSan without libFuzzer.
 *
 *   build/fuzz/NAME tests/fuzz/corpus/NAME [FILE|DIR]...
 *
 * Every regular file of each DIR (and each FILE) is run as is, then
 * $FUZZ_RUNS (default 2000) mutations of them, from $FUZZ_SEED (default
 * 1). On a crash or a violated property the input being run is written
 * to $FUZZ_ARTIFACT (default crash-NAME in the current folder) so that
 * `build/fuzz/NAME crash-NAME` replays it. Exit 0 when every run passed. */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FUZZ_MAX_LEN 65536

struct input {
	uint8_t *data;
	size_t len;
};

static struct input *seeds;
static size_t nseeds, capseeds;

/* The input being run, for the crash handler. */
static const uint8_t *cur_data;
static size_t cur_len;
static const char *artifact;
static volatile sig_atomic_t dumped;

static void dump_current(void)
{
	if (dumped || !artifact)
		return;
	dumped = 1;
	int fd = open(artifact, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		size_t off = 0;
		while (off < cur_len) {
			ssize_t w = write(fd, cur_data + off, cur_len - off);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		close(fd);
		static const char msg1[] = "replay: crashing input written to ";
		if (write(2, msg1, sizeof(msg1) - 1) < 0 || write(2, artifact, strlen(artifact)) < 0 ||
		    write(2, "\n", 1) < 0)
			return;
	}
}

static void on_abort(int sig)
{
	dump_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Called by ASan/UBSan before they end the process. */
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static void add_seed(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	uint8_t *buf = malloc(FUZZ_MAX_LEN);
	if (!buf)
		abort();
	size_t n = fread(buf, 1, FUZZ_MAX_LEN, fp);
	fclose(fp);
	if (nseeds == capseeds) {
		capseeds = capseeds ? capseeds * 2 : 16;
		seeds = realloc(seeds, capseeds * sizeof(*seeds));
		if (!seeds)
			abort();
	}
	seeds[nseeds].data = buf;
	seeds[nseeds].len = n;
	nseeds++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_path(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	if (!S_ISDIR(sb.st_mode)) {
		add_seed(path);
		return;
	}
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names)
			abort();
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str); /* same order everywhere */
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(path) + strlen(names[i]) + 2;
		char *full = malloc(l);
		snprintf(full, l, "%s/%s", path, names[i]);
		if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode))
			add_seed(full);
		free(full);
		free(names[i]);
	}
	free(names);
}

/* xorshift64*: the same mutations on every machine for a given seed. */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static size_t below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* Bytes that matter to the parsers under test. */
static const uint8_t interesting[] = {
	0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1b, 0x20, '"', '#', '*', '+', '-', '.', '/', '0', '7', '9', ':',
	';', '=', '[', ']', 'T', 'Z', '^', 'x', 0x7f, 0x80, 0x9b, 0xbf, 0xc2, 0xe2, 0xef, 0xf0, 0xf4, 0xff,
};

/* Apply 1..8 random edits to buf (len bytes, capacity FUZZ_MAX_LEN). */
static size_t mutate(uint8_t *buf, size_t len)
{
	int edits = 1 + (int)below(8);
	for (int e = 0; e < edits; e++) {
		switch (below(9)) {
		case 0: /* flip a bit */
			if (len)
				buf[below(len)] ^= (uint8_t)(1u << below(8));
			break;
		case 1: /* set a byte to an interesting value */
			if (len)
				buf[below(len)] = interesting[below(sizeof(interesting))];
			break;
		case 2: /* set a random byte */
			if (len)
				buf[below(len)] = (uint8_t)rnd();
			break;
		case 3: { /* insert a few bytes */
			size_t k = 1 + below(4);
			if (len + k > FUZZ_MAX_LEN)
				break;
			size_t at = below(len + 1);
			memmove(buf + at + k, buf + at, len - at);
			for (size_t i = 0; i < k; i++)
				buf[at + i] = below(2) ? interesting[below(sizeof(interesting))] : (uint8_t)rnd();
			len += k;
			break;
		}
		case 4: { /* delete a range */
			if (!len)
				break;
			size_t at = below(len), k = 1 + below(len - at < 16 ? len - at : 16);
			memmove(buf + at, buf + at + k, len - at - k);
			len -= k;
			break;
		}
		case 5: { /* duplicate a range */
			if (!len)
				break;
			size_t at = below(len), k = 1 + below(len - at < 64 ? len - at : 64);
			if (len + k > FUZZ_MAX_LEN)
				break;
			size_t to = below(len + 1);
			uint8_t tmp[64];
			memcpy(tmp, buf + at, k);
			memmove(buf + to + k, buf + to, len - to);
			memcpy(buf + to, tmp, k);
			len += k;
			break;
		}
		case 6: { /* splice in part of another seed */
			const struct input *o = &seeds[below(nseeds)];
			if (!o->len)
				break;
			size_t at = below(o->len), k = 1 + below(o->len - at < 256 ? o->len - at : 256);
			size_t to = below(len + 1);
			if (to + k > FUZZ_MAX_LEN)
				break;
			memcpy(buf + to, o->data + at, k);
			if (to + k > len)
				len = to + k;
			break;
		}
		case 7: /* truncate */
			len = below(len + 1);
			break;
		case 8: { /* overwrite with a decimal or octal number */
			char num[24];
			int n = snprintf(num, sizeof(num), below(2) ? "%llu" : "%llo",
					 (unsigned long long)(rnd() >> below(64)));
			size_t to = below(len + 1);
			if (to + (size_t)n > FUZZ_MAX_LEN)
				break;
			memcpy(buf + to, num, (size_t)n);
			if (to + (size_t)n > len)
				len = to + (size_t)n;
			break;
		}
		}
	}
	return len;
}

static void run_one(const uint8_t *data, size_t len)
{
	/* A private copy sized exactly, so ASan sees reads past the end. */
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		abort();
	if (len)
		memcpy(copy, data, len);
	cur_data = copy;
	cur_len = len;
	LLVMFuzzerTestOneInput(copy, len);
	cur_data = NULL;
	cur_len = 0;
	free(copy);
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", argv[0]);
		return 2;
	}
	static char art[512];
	artifact = getenv("FUZZ_ARTIFACT");
	if (!artifact || !*artifact) {
		snprintf(art, sizeof(art), "crash-%s", name);
		artifact = art;
	}
	signal(SIGABRT, on_abort);
	signal(SIGSEGV, on_abort);
	signal(SIGBUS, on_abort);
	signal(SIGFPE, on_abort);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(dump_current);

	for (int i = 1; i < argc; i++)
		add_path(argv[i]);
	if (!nseeds) {
		seeds = malloc(sizeof(*seeds));
		seeds[0].data = malloc(1);
		seeds[0].len = 0;
		nseeds = 1;
	}
	const char *e = getenv("FUZZ_RUNS");
	long runs = e && *e ? strtol(e, NULL, 10) : 2000;
	e = getenv("FUZZ_SEED");
	rng_state = (e && *e ? strtoull(e, NULL, 10) : 1) * 0x9E3779B97F4A7C15ULL + 1;

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < nseeds; i++)
		run_one(seeds[i].data, seeds[i].len);
	uint8_t *buf = malloc(FUZZ_MAX_LEN);
	if (!buf)
		abort();
	for (long r = 0; r < runs; r++) {
		const struct input *s = &seeds[below(nseeds)];
		memcpy(buf, s->data, s->len);
		size_t len = mutate(buf, s->len);
		run_one(buf, len);
	}
	free(buf);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%s: %zu seeds + %ld mutations passed in %.1f s\n", name, nseeds, runs, secs);
	for (size_t i = 0; i < nseeds; i++)
		free(seeds[i].data);
	free(seeds);
	return 0;
}
