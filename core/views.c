/* views.c - saved views of the ticket list (views.h). */
#include "core/views.h"

#include "lib/err.h"
#include "lib/util.h"
#include "model/vocab.h"
#include "data/store.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void saved_view_clear(struct saved_view *v)
{
	free(v->status);
	free(v->kind);
	free(v->jurisdiction);
	memset(v, 0, sizeof(*v));
}

static void set(char **slot, const char *s)
{
	free(*slot);
	*slot = xstrdup(s);
}

int saved_view_parse(const char *words, struct saved_view *out)
{
	memset(out, 0, sizeof(*out));
	char *dup = xstrdup(words ? words : ""), *save = NULL;
	int rc = 0;
	for (char *w = strtok_r(dup, " \t", &save); w && !rc; w = strtok_r(NULL, " \t", &save)) {
		if (!strcmp(w, "overdue")) {
			out->overdue = 1;
		} else if (!strcmp(w, "mine")) {
			out->mine = 1, out->unassigned = 0;
		} else if (!strcmp(w, "unassigned")) {
			out->unassigned = 1, out->mine = 0;
		} else if (!strcmp(w, "kind") || !strcmp(w, "jurisdiction") || !strcmp(w, "jur") || !strcmp(w, "status") ||
			   !strcmp(w, "sort")) {
			char *val = strtok_r(NULL, " \t", &save);
			if (!val) {
				rc = err_set(DK_EINVAL, "view: %s: needs a value", w);
			} else if (w[0] == 'k') {
				if (!ticket_kind_valid(val))
					rc = err_set(DK_EINVAL, "view: kind %s: unknown kind", val);
				else
					set(&out->kind, val);
			} else if (w[0] == 'j') {
				for (char *c = val; *c; c++)
					*c = (char)toupper((unsigned char)*c);
				set(&out->jurisdiction, val);
			} else if (w[1] == 't') {
				if (strcmp(val, "open") && strcmp(val, "all") && !ticket_status_valid(val))
					rc = err_set(DK_EINVAL, "view: status %s: unknown status", val);
				else if (strcmp(val, "open"))
					set(&out->status, val);
			} else {
				out->sort = -1;
				for (int i = 0; i < TICKET_SORT_COUNT; i++)
					if (!strcmp(val, ticket_sort_name(i)))
						out->sort = i;
				if (out->sort < 0)
					rc = err_set(DK_EINVAL, "view: sort %s: expected urgency, priority, age or updated", val);
			}
		} else {
			rc = err_set(DK_EINVAL,
				     "view: %s: unknown word (overdue, mine, unassigned, kind K, jurisdiction J, status S, "
				     "sort BY)",
				     w);
		}
	}
	free(dup);
	if (rc)
		saved_view_clear(out);
	return rc;
}

int saved_view_get(struct workspace *ws, const char *name, struct saved_view *out)
{
	memset(out, 0, sizeof(*out));
	char *key = xasprintf("view.%s", name);
	const char *words = ws_config(ws, key, NULL);
	free(key);
	if (!words)
		return err_set(DK_ENOTFOUND, "view %s: no such view (config view.%s = WORDS)", name, name);
	int rc = saved_view_parse(words, out);
	return rc ? err_prefix(rc, "config view.%s", name) : 0;
}
