/* err.h - error codes and the last error message, for the user.
 *
 * Functions in core/, data/ and terms/ return 0 on success or one of the
 * negative codes below, after calling err_set() with a message of the form
 * "<what>: <why>" (without the "docket: " prefix, which front ends add).
 * The message is kept per thread until the next err_set(). */
#ifndef DOCKET_ERR_H
#define DOCKET_ERR_H

enum dk_err {
	DK_OK = 0,
	DK_ERR = -1,       /* generic failure */
	DK_ENOTFOUND = -2, /* no such ticket, customer, revision... */
	DK_EINVAL = -3,    /* invalid value from the user */
	DK_EPERM = -4,     /* refused by role or by a rule */
	DK_ECONFLICT = -5, /* stale version, already exists */
	DK_EBUSY = -6,     /* database busy past the timeout */
	DK_EIO = -7,       /* file system, database or repository failure */
	DK_EUSAGE = -8,    /* command-line usage error (exit 2) */
};

/* Set the message (printf-style) and return code, so that callers can
 * write `return err_set(DK_EINVAL, "email: %s: not an address", e);`. */
int err_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefix the current message with "<what>: ". Returns code. */
int err_prefix(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The last message ("" if none). */
const char *err_msg(void);
void err_clear(void);
/* For front ends: print "docket: <message>" on stderr when rc is an error
 * and return the process exit code for rc (0; 2 for DK_EUSAGE; else 1). */
int err_report(int rc);

#endif
