/* editor.c - the $EDITOR hand-off (lib/editor.c) with curses suspended
 * while the editor runs and the screen restored after it. */
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

int tui_edit(const char *initial, char **out)
{
	*out = NULL;
	if (tui.replay)
		return err_set(DK_EPERM, "editor: not available when replaying keys");
	return edit_text(initial, out, suspend, resume);
}
