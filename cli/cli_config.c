/* cli_config.c - config get/set/list: the workspace's settings and facts
 * (`regulated = fca, payment-services`, core/facts.h). */
#include "cli/cli_impl.h"

#include "core/facts.h"
#include "core/workspace.h"
#include "lib/err.h"

#include <stdio.h>
#include <string.h>

CLI_HANDLER(cli_config_set)
{
	/* the core checks the role too (admins only) */
	int tickets, duties;
	int rc = ws_config_set(c->ws, a->pos[0], a->pos[1], &tickets, &duties);
	if (!rc && tickets)
		printf("docket: config: %s = %s (audited; %d open ticket%s re-evaluated, %d duti%s added)\n", a->pos[0],
		       ws_config(c->ws, a->pos[0], ""), tickets, tickets == 1 ? "" : "s", duties, duties == 1 ? "y" : "es");
	else if (!rc)
		printf("docket: config: %s = %s (audited)\n", a->pos[0], ws_config(c->ws, a->pos[0], ""));
	return cli_fail(rc);
}

CLI_HANDLER(cli_config_get)
{
	const char *v = ws_config(c->ws, a->pos[0], NULL);
	if (!v)
		return cli_fail(err_set(DK_ENOTFOUND, "config: %s: not set", a->pos[0]));
	printf("%s\n", v);
	return 0;
}

CLI_HANDLER(cli_config_list)
{
	(void)a;
	struct workspace *ws = c->ws;
	/* each key once, with the value that counts (later lines win) */
	for (size_t i = 0; i < ws->ncfg; i++) {
		int later = 0;
		for (size_t k = i + 1; k < ws->ncfg; k++)
			if (!strcmp(ws->cfg_keys[k], ws->cfg_keys[i]))
				later = 1;
		if (!later)
			printf("%s = %s\n", ws->cfg_keys[i], ws->cfg_vals[i]);
	}
	return 0;
}
