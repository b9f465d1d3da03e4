/* err.c - the last error message. */
#include "lib/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char err_buf[1024];

int err_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err_buf, sizeof(err_buf), fmt, ap);
	va_end(ap);
	return code;
}

int err_prefix(int code, const char *fmt, ...)
{
	char old[sizeof(err_buf)], pre[256];
	va_list ap;
	memcpy(old, err_buf, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	size_t n = strlen(pre);
	if (n > sizeof(err_buf) - 3)
		n = sizeof(err_buf) - 3;
	memcpy(err_buf, pre, n);
	memcpy(err_buf + n, ": ", 2);
	size_t left = sizeof(err_buf) - n - 3;
	size_t ol = strnlen(old, left);
	memcpy(err_buf + n + 2, old, ol);
	err_buf[n + 2 + ol] = '\0';
	return code;
}

const char *err_msg(void) { return err_buf; }
void err_clear(void) { err_buf[0] = '\0'; }

int err_report(int rc)
{
	if (rc == 0)
		return 0;
	fprintf(stderr, "docket: %s\n", *err_msg() ? err_msg() : "failed");
	return rc == DK_EUSAGE ? 2 : 1;
}
