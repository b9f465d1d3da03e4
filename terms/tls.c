/* tls.c - docket's libgit2 has no network transports.
 *
 * docket only ever opens the local legal/ repository: it never fetches,
 * pushes or clones. Yet Debian's libgit2 starts its whole network stack in
 * git_libgit2_init(): mbedTLS parses every certificate of the CA bundle
 * (~10 ms; the path is fixed at libgit2's build time, with no switch),
 * gathers entropy, libssh2 loads OpenSSL's error strings, and the HTTP
 * transport's Negotiate authentication makes every process load the
 * GSSAPI/Kerberos libraries (7 shared objects, ~1 ms). Together that was
 * more than git needs to print a whole document.
 *
 * When docket is linked against libgit2's static archive (STATIC in the
 * Makefile), the link wraps (-Wl,--wrap=SYMBOL) the calls below, made from
 * libgit2's transport table and start-up, so that they land here instead:
 * the HTTP(S) and SSH transports refuse with a clear error, the TLS and SSH
 * start-up does nothing, and the objects that implement them (and
 * libssh2, mbedTLS's TLS, GSSAPI) are not linked at all. Local
 * repositories are unaffected. With a shared libgit2 the wraps do not
 * apply and these functions are never called. */
#include <git2.h>
#include <git2/sys/transport.h>

int __wrap_git_smart_subtransport_http(git_smart_subtransport **out, git_transport *owner, void *param);
int __wrap_git_smart_subtransport_ssh(git_smart_subtransport **out, git_transport *owner, void *param);
int __wrap_git_transport_ssh_global_init(void);
int __wrap_git_mbedtls_stream_global_init(void);
int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path);

/* GIT_OPT_ENABLE_HTTP_EXPECT_CONTINUE sets a flag of the HTTP transport;
 * the link points libgit2's git_http__expect_continue here
 * (-Wl,--defsym) so that the option does not pull the transport back in. */
_Bool docket_http_expect_continue;

static int no_remotes(void)
{
	git_error_set_str(GIT_ERROR_NET, "docket uses local repositories only (no HTTP, HTTPS or SSH remotes)");
	return -1;
}

int __wrap_git_smart_subtransport_http(git_smart_subtransport **out, git_transport *owner, void *param)
{
	(void)owner;
	(void)param;
	*out = NULL;
	return no_remotes();
}

int __wrap_git_smart_subtransport_ssh(git_smart_subtransport **out, git_transport *owner, void *param)
{
	(void)owner;
	(void)param;
	*out = NULL;
	return no_remotes();
}

int __wrap_git_transport_ssh_global_init(void)
{
	return 0;
}

int __wrap_git_mbedtls_stream_global_init(void)
{
	return 0;
}

int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path)
{
	(void)file;
	(void)path;
	return no_remotes();
}
