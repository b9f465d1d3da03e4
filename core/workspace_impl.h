/* workspace_impl.h - what the files of the workspace module share
 * (workspace.c, ws_rules.c); not for other modules. */
#ifndef DOCKET_WORKSPACE_IMPL_H
#define DOCKET_WORKSPACE_IMPL_H

struct workspace;

/* Close the legal repository and drop the rule pack read from it (the
 * pack points into the repository's cache). */
void ws_legal_close(struct workspace *ws);

#endif
