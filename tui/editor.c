/* editor.c - the $EDITOR hand-off and other programs on the terminal
 * (lib/editor.c), with curses suspended while they run and the screen
 * restored after. */
#include "tui/tui.h"

#include "lib/editor.h"
#include "lib/err.h"

static void suspend(void)
{
	def_prog_mode();
	endwin();
}

static void resume(void)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	tui_resized(); /* the terminal may have changed size meanwhile */
}

pid_t tui_run_program(char **argv, int *status)
{
	return edit_run_program(argv, status, suspend, resume);
}

char **tui_split_command(const char *cmd, char **storage)
{
	return edit_split_command(cmd, storage);
}

int tui_edit(const char *initial, char **out)
{
	*out = NULL;
	if (tui.replay)
		return err_set(DK_EPERM, "editor: not available when replaying keys");
	return edit_text(initial, out, suspend, resume);
}
