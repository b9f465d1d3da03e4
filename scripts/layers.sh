#!/bin/sh
# layers.sh - check the one dependency rule on includes: each folder is a
# layer and includes only itself and the layers below it (the link order
# catches calls; this catches headers). Prints each wrong include as
# file:line and exits 1 if there is one.
#   lib < model < data, terms < core < cli, tui, mail < main.c
cd "$(dirname "$0")/.." || exit 2
below() {
	case $1 in
	lib) echo "lib" ;;
	model) echo "lib model" ;;
	data) echo "lib model data" ;;
	terms) echo "lib terms" ;;
	core) echo "lib model data terms core" ;;
	cli) echo "lib model data terms core cli" ;;
	tui) echo "lib model data terms core tui" ;;
	mail) echo "lib model data terms core mail" ;;
	*) echo "lib model data terms core cli tui mail" ;;
	esac
}
bad=0
for layer in lib model data terms core cli tui mail; do
	allowed=$(below $layer)
	for f in $(find "$layer" -name '*.[ch]' | LC_ALL=C sort); do
		grep -n '^#include "[a-z_]*/' "$f" | while IFS= read -r line; do
			to=$(echo "$line" | sed 's/^[0-9]*:#include "\([a-z_]*\)\/.*/\1/')
			case " $allowed " in
			*" $to "*) ;;
			*) echo "$f:${line%%:*}: $layer/ includes $to/ (a layer above it or beside it)" ;;
			esac
		done
	done
done >build/layers.out 2>&1
# The libraries with a layer of their own (DESIGN.md): curses only in tui/,
# SQLite only in data/sqlite/, libgit2 only in terms/, GMime only in mail/.
lib_only() { # pattern folder
	grep -rnE "^#include[[:space:]]*[<\"]($1)[>\"]" --include='*.c' --include='*.h' \
		lib model data terms core cli tui mail main.c 2>/dev/null | grep -v "^$2/" |
		sed "s|\$| (only $2/ may include it)|"
}
{
	lib_only 'n?curses(w)?\.h|ncursesw/curses\.h' tui
	lib_only 'sqlite3\.h' data/sqlite
	lib_only 'git2\.h|git2/[a-z_]+\.h' terms
	lib_only 'gmime/gmime\.h|gmime/[a-z_-]+\.h' mail
} >>build/layers.out
if [ -s build/layers.out ]; then
	cat build/layers.out
	echo "layers: $(wc -l <build/layers.out) wrong includes"
	exit 1
fi
echo "layers: every include goes downwards (lib < model < data, terms < core < cli, tui, mail < main.c)"
