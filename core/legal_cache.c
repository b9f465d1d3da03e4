/* legal_cache.c - legal-repository derivatives cached in the database. */
#include "legal_cache.h"

#include "core/util.h"
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
	char *key = xasprintf("cache:%s", name), *val = NULL;
	int rc = store_meta_get(ws->store, key, &val);
	free(key);
	if (rc || !val)
		return NULL;
	char *payload = NULL;
	if (strlen(val) > 41 && !strncmp(val, head, 40) && val[40] == '\n')
		payload = xstrdup(val + 41);
	free(val);
	return payload;
}

void legal_cache_put(struct workspace *ws, const char *name, const char *head, const char *payload)
{
	if (!head || strlen(head) != 40)
		return;
	char *key = xasprintf("cache:%s", name), *val = xasprintf("%s\n%s", head, payload);
	(void)store_meta_set(ws->store, key, val);
	free(key);
	free(val);
}
