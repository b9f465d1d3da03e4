/* legal_cache.h - values derived from the legal repository at HEAD (the
 * rule pack's files, a document's revision list), kept in the database
 * under the HEAD commit they came from, so that a command that only needs
 * them does not pay for opening the repository through libgit2 (~13 ms).
 * A cache entry is used only while HEAD (read from the repository's
 * files) is still the commit it was made from. */
#ifndef DOCKET_LEGAL_CACHE_H
#define DOCKET_LEGAL_CACHE_H

#include "core/workspace.h"

/* The cached payload for name at the current HEAD (caller frees), or NULL.
 * head (41 bytes) receives HEAD's id, or "" when it cannot be read. */
char *legal_cache_get(struct workspace *ws, const char *name, char *head);
/* Remember payload for name at head (ignored when head is ""). Failures
 * are ignored: the cache is an optimisation. */
void legal_cache_put(struct workspace *ws, const char *name, const char *head, const char *payload);

#endif
