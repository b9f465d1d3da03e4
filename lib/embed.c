/* embed.c - lookup in the compiled-in starter files. */
#include "lib/embed.h"

#include <string.h>

const struct embedded_file *embed_find(const char *path)
{
	for (const struct embedded_file *f = starter_files; f->path; f++)
		if (!strcmp(f->path, path))
			return f;
	return NULL;
}
