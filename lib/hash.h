/* hash.h - SHA-256 (OpenSSL libcrypto) for the audit chain and for
 * recording values without keeping them (rectification, erasure). */
#ifndef DOCKET_HASH_H
#define DOCKET_HASH_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* Lower-case hex digest of data; out holds SHA256_HEX_LEN + 1. */
void sha256_hex(const void *data, size_t len, char *out);
/* Digest of a || b (for hash = SHA-256(prev_hash || canonical row)). */
void sha256_hex2(const char *a, const char *b, char *out);

#endif
