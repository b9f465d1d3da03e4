/* legal_cache.c - legal-repository derivatives cached in the database. */
#include "core/legal_cache.h"

#include "lib/err.h"
#include "lib/util.h"
#include "data/store.h"
#include "terms/legal.h"

#include <stdlib.h>
#include <string.h>

char *legal_cache_get(struct workspace *ws, const char *name, char *head)
{
	head[0] = '\0';
	if (legal_head_peek(ws->legal_dir, head)) {
		head[0] = '\0';
		return NULL;
	}
	char *val = NULL;
	if (store_cache_get(ws->store, name, head, &val)) {
		err_clear();
		return NULL;
	}
	return val;
}

void legal_cache_put(struct workspace *ws, const char *name, const char *head, const char *payload)
{
	if (!head || strlen(head) != 40)
		return;
	if (store_cache_put(ws->store, name, head, payload))
		err_clear();
}
