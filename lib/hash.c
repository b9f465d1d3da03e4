/* hash.c - SHA-256 through OpenSSL's EVP interface. */
#include "lib/hash.h"
#include "lib/util.h"

#include <openssl/evp.h>
#include <string.h>

static void to_hex(const unsigned char *d, unsigned n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 15];
	}
	out[2 * n] = '\0';
}

static void digest(const void *a, size_t alen, const void *b, size_t blen, char *out)
{
	/* one context per thread, kept: the audit chain hashes every row of
	 * a bulk load, and a new context each time cost as much as the hash */
	static _Thread_local EVP_MD_CTX *ctx;
	static _Thread_local EVP_MD *sha;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	if (!ctx)
		ctx = EVP_MD_CTX_new();
	if (!sha)
		sha = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (!ctx || !sha || EVP_DigestInit_ex(ctx, sha, NULL) != 1 || EVP_DigestUpdate(ctx, a, alen) != 1 ||
	    (blen && EVP_DigestUpdate(ctx, b, blen) != 1) || EVP_DigestFinal_ex(ctx, md, &n) != 1)
		die("sha256: libcrypto failure");
	to_hex(md, n, out);
}

void sha256_hex(const void *data, size_t len, char *out) { digest(data, len, "", 0, out); }

void sha256_hex2(const char *a, const char *b, char *out) { digest(a, strlen(a), b, strlen(b), out); }
