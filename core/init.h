/* init.h - creating a workspace folder: database, legal repository,
 * the invoking login as admin. */
#ifndef DOCKET_INIT_H
#define DOCKET_INIT_H

#include "core/workspace.h"

/* Create a workspace at dir (created if missing; refused when it already
 * holds docket.db or legal/). On failure whatever was created is removed.
 * On success *out is the open workspace acting as the invoking login. */
int ws_init(const char *dir, dk_time now, struct workspace **out);

/* The Unix login of the invoking user. Caller frees. */
char *ws_unix_login(void);

#endif
