/* tui_fallback.c - used only while the build has no workspace screen
 * (tui/ defines the real tui_main, which takes precedence). */
#include "cli.h"

__attribute__((weak)) int tui_main(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	(void)argv;
	fprintf(stderr, "docket: this build has no workspace screen yet; use the subcommands (docket --help)\n");
	return 1;
}
