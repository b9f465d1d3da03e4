/* help.c - the help view, generated from the keymap table and the
 * requests' help text: the bindings of the view it was opened from, then
 * the global ones. */
#include "tui/views/help.h"

#include "core/rights.h"
#include "lib/buf.h"
#include "lib/text.h"
#include "lib/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct help {
	enum view_kind for_kind;
};

static void add_section(struct view *v, enum view_kind kind)
{
	size_t n;
	const struct keybinding *kb = keys_table(&n);
	struct lines *L = &v->lines;
	int wide = v->width >= 100;
	for (size_t i = 0; i < n; i++) {
		if (kb[i].view != kind || kb[i].req == REQ_NONE)
			continue; /* unbound by the user: not a key of this view */
		/* one line per request: its first binding in this view lists them all */
		int seen = 0;
		for (size_t k = 0; k < i; k++)
			if (kb[k].view == kind && kb[k].req == kb[i].req)
				seen = 1;
		if (seen)
			continue;
		/* a global binding the view overrides is not listed as global */
		if (kind == VK_ANY) {
			struct view *under = v->parent;
			if (under && keys_lookup(under->ops->kind, kb[i].key) != kb[i].req) {
				int other_key = 0;
				for (size_t k = 0; k < n; k++)
					if (kb[k].view == VK_ANY && kb[k].req == kb[i].req &&
					    keys_lookup(under->ops->kind, kb[k].key) == kb[i].req)
						other_key = 1;
				if (!other_key)
					continue;
			}
		}
		struct buf keys = BUF_INIT;
		for (size_t k = i; k < n; k++)
			if (kb[k].view == kind && kb[k].req == kb[i].req) {
				if (kind == VK_ANY && v->parent && keys_lookup(v->parent->ops->kind, kb[k].key) != kb[k].req)
					continue;
				char kn[16];
				snprintf(kn, sizeof(kn), "%s", key_name(kb[k].key));
				int dup = 0;
				for (size_t j = i; j < k; j++)
					if (kb[j].view == kind && kb[j].req == kb[i].req && !strcmp(key_name(kb[j].key), kn))
						dup = 1;
				if (dup || (kb[k].key == '\r'))
					continue; /* Return is Enter to the reader */
				if (keys.len)
					buf_adds(&keys, ", ");
				buf_adds(&keys, kn);
			}
		if (wide)
			lines_add(L, S_NORMAL, L_TEXT, "  %-14s %-20s %s", buf_str(&keys), request_name(kb[i].req),
				  request_help(kb[i].req));
		else
			lines_add(L, S_NORMAL, L_TEXT, "  %-12s %s", buf_str(&keys), request_help(kb[i].req));
		buf_release(&keys);
	}
}

static void help_layout(struct view *v)
{
	struct help *h = v->priv;
	lines_clear(&v->lines);
	if (h->for_kind != VK_ANY) {
		lines_add(&v->lines, S_SECTION, L_SECTION, "Keys of the %s view", view_kind_name(h->for_kind));
		add_section(v, h->for_kind);
		if (h->for_kind == VK_CUSTOMER && tui.ws->role < ROLE_LEGAL)
			lines_add(&v->lines, S_WARN, L_TEXT, "  H and lifting S need the legal or admin role (you are %s)",
				  role_name(tui.ws->role));
		if (h->for_kind == VK_CUSTOMER && tui.ws->role < rights_erase_role(tui.ws))
			lines_add(&v->lines, S_WARN, L_TEXT, "  :erase needs the legal or admin role (config %s: no)",
				  RIGHTS_ERASE_AGENTS_KEY);
		if (h->for_kind == VK_TERMS && tui.ws->role < ROLE_LEGAL)
			lines_add(&v->lines, S_WARN, L_TEXT, "  :publish needs the legal or admin role (you are %s)",
				  role_name(tui.ws->role));
		lines_add(&v->lines, S_NORMAL, L_TEXT, "%s", "");
	}
	lines_add(&v->lines, S_SECTION, L_SECTION, "Global keys");
	add_section(v, VK_ANY);
	{ /* where the bindings in force come from */
		int nb, nc, skipped = userconf_counts(&nb, &nc);
		const char *path = userconf_path();
		lines_add(&v->lines, S_NORMAL, L_TEXT, "%s", "");
		lines_add(&v->lines, S_SECTION, L_SECTION, "Your keys and colours");
		char *safe = text_visible_dup(path ? path : "(no home folder)", 0);
		if (nb || nc || skipped)
			lines_add(&v->lines, S_NORMAL, L_TEXT, "  %s: %d binding%s, %d colour%s%s", safe, nb,
				  nb == 1 ? "" : "s", nc, nc == 1 ? "" : "s", skipped ? " (lines skipped: see the start message)" : "");
		else
			lines_add(&v->lines, S_DIM, L_TEXT, "  none (%s: [keys] VIEW.KEY = ACTION, [colors] STYLE = FG BG ATTR)",
				  safe);
		free(safe);
	}
	lines_add(&v->lines, S_NORMAL, L_TEXT, "%s", "");
	lines_add(&v->lines, S_SECTION, L_SECTION, "Commands (after :)");
	lines_add(&v->lines, S_NORMAL, L_TEXT, "  :ticket N  :customer N  :timeline [N]  :N (ticket N)");
	lines_add(&v->lines, S_NORMAL, L_TEXT, "  :filter overdue|mine|unassigned|kind K|jurisdiction J|status S|clear");
	lines_add(&v->lines, S_NORMAL, L_TEXT, "  :filter ... sort urgency|priority|age|updated");
	lines_add(&v->lines, S_NORMAL, L_TEXT, "  :view [NAME]  a saved view (config view.NAME = filter words)  :notices");
	lines_add(&v->lines, S_NORMAL, L_TEXT, "  :search WORDS  :terms [DOC]  :report [FROM [TO]]  :refresh  :help  :q");
	lines_add(&v->lines, S_NORMAL, L_TEXT, "  :attachments [N] (of ticket N or this one)  :quarantine (undelivered mail)");
	lines_add(&v->lines, S_NORMAL, L_TEXT, "%s", "");
	lines_add(&v->lines, S_SECTION, L_SECTION, "Irreversible (no key; each asks, naming what goes and stays)");
	lines_add(&v->lines, S_NORMAL, L_TEXT, "  :erase [N]  erase (anonymise) the customer shown, or customer N");
	lines_add(&v->lines, S_NORMAL, L_TEXT, "  :waive      waive the duty under the cursor (ticket view)");
	lines_add(&v->lines, S_NORMAL, L_TEXT, "  :publish    publish the next terms revision (terms browser)");
	v->nlines = v->lines.n;
	snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
}

static int help_open(struct view *v)
{
	struct help *h = v->priv;
	snprintf(v->title, sizeof(v->title), "Help: %s view (q closes)", view_kind_name(h->for_kind));
	return 0;
}

static int help_request(struct view *v, enum request req)
{
	if (req == REQ_HELP)
		return 1;
	if (view_generic_request(v, req)) {
		snprintf(v->pos, sizeof(v->pos), "%zu/%zu", v->lineno + 1, v->nlines);
		return 1;
	}
	return 0;
}

static void help_done(struct view *v)
{
	free(v->priv);
}

static const struct view_ops help_ops = {
	.name = "help",
	.kind = VK_HELP,
	.open = help_open,
	.layout = help_layout,
	.draw_line = lines_draw_line,
	.request = help_request,
	.grep = lines_grep,
	.done = help_done,
};

struct view *help_view_new(enum view_kind for_kind)
{
	struct help *h = xcalloc(1, sizeof(*h));
	h->for_kind = for_kind;
	return view_new(&help_ops, h);
}
