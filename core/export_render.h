/* export_render.h - the customer's copy in a form a person can read.
 *
 * GDPR Art 12(1) asks for information "in a concise, transparent,
 * intelligible and easily accessible form"; Art 15 for a copy of the data
 * with the controller's identity. The JSON export (docs/export-format.md)
 * is the machine-readable copy (Art 20); these render the same document
 * as plain text or as one self-contained HTML page (no network, a print
 * stylesheet). Every string from the document is treated as hostile: in
 * HTML it is escaped, in both it has its invisible and control characters
 * made visible (lib/text.h). The renderings are pure functions of the JSON
 * document, so the copy and the JSON always say the same. */
#ifndef DOCKET_EXPORT_RENDER_H
#define DOCKET_EXPORT_RENDER_H

#include <jansson.h>

#include "lib/buf.h"

enum export_format {
	EXPORT_JSON = 0,
	EXPORT_TEXT = 1,
	EXPORT_HTML = 2,
};

/* "json", "text" (also "txt"), "html"; DK_EUSAGE naming the valid ones
 * otherwise. */
int export_format_parse(const char *s, int *out);
/* The format a file name asks for by its extension (.json, .txt/.text,
 * .html/.htm), or -1 when the extension says nothing. */
int export_format_of_path(const char *path);
const char *export_format_name(int format);
/* path with its extension replaced by the format's (".html"...), or the
 * extension added when it has none; caller frees. */
char *export_sibling_path(const char *path, int format);

/* Append the rendering of doc (a docket-customer-export document) to out. */
void export_render_text(const json_t *doc, struct buf *out);
void export_render_html(const json_t *doc, struct buf *out);

#endif
