/* tls.c - keep libgit2 from loading the system's CA certificates.
 *
 * Debian's libgit2 is built with mbedTLS, and git_libgit2_init() parses
 * every certificate in the CA bundle (/etc/ssl/certs/ca-certificates.crt,
 * a path fixed at libgit2's build time) so that HTTPS remotes could be
 * verified later. docket only ever opens the local legal/ repository: it
 * never fetches, pushes or clones, so no certificate is ever used, and the
 * parse cost ~10 ms on every command that touches the repository (more
 * than git takes to print a whole document).
 *
 * When docket is linked against libgit2's static archive (see STATIC in
 * the Makefile), the link wraps the two mbedTLS calls libgit2 makes for
 * this (-Wl,--wrap=...): they land here and load nothing. libgit2 then has
 * an empty trust store, so an HTTPS transport, were one ever used, would
 * refuse every server instead of trusting one. With a shared libgit2 the
 * wrap does not apply and the bundle is parsed as before. */

struct mbedtls_x509_crt;

int __wrap_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path);
int __wrap_mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain, const char *path);

int __wrap_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

int __wrap_mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}
