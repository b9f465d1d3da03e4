#!/bin/sh
# table.sh - the command table (cli/commands.c): every subcommand's --help,
# unknown options per subcommand, positional arguments and required
# options, what each entry opens (workspace with an agent, files only,
# nothing) and its role, the generated global usage, rules due --json,
# --kind listing the kinds, the shell completions and make's message when
# the -dev packages are missing.
. tests/cli/lib.sh
t_setup
W="$T/ws"
ME=$(id -un)

# Every subcommand, as a user types it. The table must have exactly these
# (a new entry needs a line here, so that it gets the checks below).
COMMANDS="init
demo
backup
restore
agent add
agent set
agent remove
agent list
config list
config get
config set
customer new
customer show
customer list
customer export
customer rectify
customer erase
customer hold
customer restrict
ticket new
ticket list
ticket show
ticket attachment
ticket timeline
ticket reply
ticket templates
ticket note
ticket set
ticket take
ticket event
digest
search
obligations
obligation step
obligation waive
retention run
report
breach notify
breach notices
rules check
rules list
rules due
rules holidays
terms log
terms show
terms diff
terms which
terms accept
terms notify
terms notices
terms publish
audit verify
audit head
audit log
completion"

run $D init "$W"
expect_rc 0 "init"
export DOCKET_WORKSPACE="$W"
run $D agent add maria agent
expect_rc 0 "an agent"
run $D customer new --name "Ada Lovelace" --email ada@example.org --jurisdiction DE
expect_rc 0 "a customer"
runin "Where is my parcel?" $D ticket new --customer 1 --subject "Parcel missing"
expect_rc 0 "a ticket"
run $D ticket show 1
expect_rc 0 "ticket show (fills the legal cache, which is no change)"

# ---- the global usage is generated from the table
run $D --help
expect_rc 0 "--help"
listed=$(printf '%s\n' "$OUT" | grep -c '^  docket ')
expect_eq "$listed" "$(printf '%s\n' "$COMMANDS" | grep -c .)" "--help lists one line per subcommand"
printf '%s\n' "$COMMANDS" | while IFS= read -r cmd; do
	printf '%s\n' "$OUT" | grep -q "^  docket $cmd\( \|$\)" || echo "$cmd"
done >"$T/missing"
expect_eq "$(cat "$T/missing")" "" "--help lists every subcommand"
run $D help
expect_rc 0 "docket help"
expect_out "docket ticket reply ID" "docket help is the global usage"

# ---- each subcommand: --help, an unknown option, before anything is opened
before=$(db_dump "$W")
head_before=$(git -C "$W/legal" rev-parse HEAD)
ls -A "$W" >"$T/ls-before"
printf '%s\n' "$COMMANDS" >"$T/commands"
while IFS= read -r cmd; do
	# shellcheck disable=SC2086 # cmd is one or two words
	run $D --workspace "$T/nowhere" $cmd --help
	if [ "$RC" = 0 ] && printf '%s' "$OUT" | grep -q "^usage: docket $cmd\( \|$\)" &&
		printf '%s' "$OUT" | grep -q -- "--help"; then pass; else fail "$cmd --help prints its usage"; fi
	[ -z "$ERR" ] && pass || fail "$cmd --help writes nothing on stderr"
	# shellcheck disable=SC2086
	run $D help $cmd
	if [ "$RC" = 0 ] && printf '%s' "$OUT" | grep -q "^usage: docket $cmd\( \|$\)"; then pass; else fail "help $cmd"; fi
	# shellcheck disable=SC2086
	run $D $cmd 1 --no-such-option
	expect_rc 2 "$cmd --no-such-option is a usage error"
	expect_err "docket: $cmd: unknown option --no-such-option" "$cmd: the error names the option and the subcommand"
	expect_err "docket $cmd --help" "$cmd: the error points to its usage"
	expect_one_error_line "$cmd: one error line"
	[ -z "$OUT" ] && pass || fail "$cmd --no-such-option prints nothing on stdout"
	# shellcheck disable=SC2086
	run $D $cmd 1 --no-such-option=x
	expect_rc 2 "$cmd --no-such-option=x is a usage error"
	expect_err "unknown option --no-such-option " "$cmd: the option named without its value"
done <"$T/commands"
expect_eq "$(db_dump "$W")" "$before" "the refused commands changed nothing in the database"
expect_eq "$(git -C "$W/legal" rev-parse HEAD)" "$head_before" "nor in the legal repository"
ls -A "$W" >"$T/ls-after"
check "nor a file in the workspace folder" cmp -s "$T/ls-before" "$T/ls-after"
[ ! -e "$T/nowhere" ] && pass || fail "--help opened or created no workspace"

# options of one subcommand are not options of another
run $D ticket show 1 --subject x
expect_rc 2 "ticket show --subject is a usage error"
expect_err "ticket show: unknown option --subject" "naming both"
run $D ticket list --at 2026-01-01
expect_rc 2 "ticket list --at"
run $D customer show 1 --dry-run
expect_rc 2 "customer show --dry-run"
run $D customer export 1 --reason x
expect_rc 2 "customer export --reason"
run $D agent add bob agent --json
expect_rc 2 "agent add --json"
run $D audit verify --limit 3
expect_rc 2 "audit verify --limit"
run $D terms show --word
expect_rc 2 "terms show --word"
run $D ticket show 1 -x
expect_rc 2 "an unknown one-letter option"
expect_err "ticket show: unknown option -x" "named as typed"
expect_eq "$(db_dump "$W")" "$before" "none of them changed anything"

# ---- groups
run $D ticket --help
expect_rc 0 "ticket --help"
for sub in new list show attachment timeline reply templates note set take event; do
	expect_out "docket ticket $sub" "ticket --help lists $sub"
done
run $D ticket
expect_rc 2 "ticket without a subcommand"
expect_err "ticket: expected new, list, show, attachment, timeline, reply, templates, note, set, take or event" "lists the subcommands"
run $D ticket frobnicate 1
expect_rc 2 "an unknown subcommand"
expect_err "ticket: frobnicate: expected new," "names it and lists the subcommands"
expect_err "docket ticket --help" "and points to the group's usage"
run $D frobnicate
expect_rc 2 "an unknown command"
expect_err "frobnicate: unknown command" "names it"

# ---- positional arguments and required options, by the table
run $D ticket show
expect_rc 2 "ticket show without ID"
expect_err "ticket show: expected ID" "says what it expects"
run $D ticket show 1 2
expect_rc 2 "ticket show with two IDs"
run $D ticket set 1 status
expect_rc 2 "ticket set with two arguments"
expect_err "ticket set: expected ID[,ID...] status|kind|assignee|priority VALUE" "with the table's names"
run $D obligations 5
expect_rc 2 "obligations takes no argument"
expect_err "obligations: unexpected argument 5" "names it"
run $D customer new --name X --jurisdiction DE
expect_rc 2 "customer new without --email"
expect_err "customer new: needs --email" "names the missing option"
run $D rules due gdpr-access
expect_rc 2 "rules due without --from"
expect_err "rules due: needs --from" "names it"
run $D --workspace "$T/nowhere" terms publish terms-of-service x.md
expect_rc 2 "a missing required option is found before the workspace is opened"
run $D ticket show --json -- 1
expect_rc 0 "-- ends the options"
expect_out '"subject": "Parcel missing"' "and the argument after it is read"
run $D ticket show 1 --json=yes
expect_rc 2 "a flag given a value"
expect_err "option --json takes no value" "says so"
run $D ticket list --status
expect_rc 2 "an option without its value"
expect_err "ticket list: option --status needs a value" "says so"
run $D ticket list --status=new
expect_rc 0 "--name=value"
expect_out "Parcel missing" "--status=new lists the ticket"
expect_eq "$(db_dump "$W")" "$before" "the usage errors changed nothing"

# ---- what each entry opens, and its role
# files only: terms show and diff work without the database or an agent
cp -r "$W" "$T/noagent"
sqlite3 "$T/noagent/docket.db" "DELETE FROM agents"
run $D --workspace "$T/noagent" terms show
expect_rc 0 "terms show opens only the files"
expect_out "Terms of Service" "and prints the document"
run $D --workspace "$T/noagent" terms log
expect_rc 1 "terms log needs an agent"
# no workspace at all
run $D --workspace "$T/nowhere" rules check "$W/legal"
expect_rc 0 "rules check DIR opens no workspace"
run $D --workspace "$T/nowhere" completion bash
expect_rc 0 "completion opens no workspace"
[ ! -e "$T/nowhere" ] && pass || fail "and creates none"
# workspace with an agent
run $D --as ghost ticket list
expect_rc 1 "an unknown agent"
expect_err "docket agent add ghost ROLE" "the table opened the workspace as the agent"
# the role is checked before the handler reads anything
run $D --as maria terms publish terms-of-service "$T/no-such-file.md" --effective 2026-04-01
expect_rc 1 "terms publish by an agent"
expect_err "terms publish: needs the legal or admin role (you are maria, agent)" "refused for the role, before FILE is read"
run $D --as maria obligation waive 1 --reason "not a request"
expect_rc 1 "obligation waive by an agent"
expect_err "obligation waive: needs the legal or admin role" "refused for the role"
run $D --as maria agent remove "$ME"
expect_rc 1 "agent remove by an agent"
expect_err "agent remove: needs the admin role" "refused for the role"
expect_eq "$(db_dump "$W")" "$before" "the refusals changed nothing"

# ---- terms accept through the core call
run $D terms accept 1 --channel web
expect_rc 0 "terms accept"
expect_out "customer 1 accepted terms-of-service" "says so"
run $D audit log --object customer:1 --json
expect_out '"action": "terms.accept"' "with its audit row"
expect_eq "$(sqlite3 "$W/docket.db" "SELECT customer_id, document, channel FROM acceptances")" "1|terms-of-service|web" "and its row"
before=$(db_dump "$W")
run $D terms accept 1 --channel ""
expect_rc 2 "an empty channel is a usage error"
run $D terms accept 1 --at 2020-01-01
expect_rc 1 "accepting before the revision was published"
expect_err "was published" "says when it was"
expect_eq "$(db_dump "$W")" "$before" "refused acceptances change nothing"

# ---- rules due --json
run $D rules due gdpr-access --from 2026-03-02 --jurisdiction DE
expect_rc 0 "rules due"
due=$OUT
run $D rules due gdpr-access --from 2026-03-02 --jurisdiction DE --json
expect_rc 0 "rules due --json"
check "rules due --json is JSON" sh -c "printf '%s' '$OUT' | /usr/bin/python3 -m json.tool"
expect_out "\"due\": \"$due\"" "the same due time as the plain output"
expect_out '"rule": "gdpr-access"' "names the rule"
expect_out '"jurisdiction": "DE"' "and the jurisdiction"
expect_out '"establishment": null' "and the establishment (none set)"
expect_out '"extended": false' "and whether extended"

# ---- --kind lists the kinds, like --status lists the statuses
run $D ticket list --kind bogus
expect_rc 1 "ticket list --kind bogus"
expect_err "kind: bogus: expected question, complaint, data-access," "lists the kinds"
expect_err ", refund, opt-out, other" "all of them"
case "$ERR" in *", other, "*" or "[a-z]*) pass ;; *) fail "the last one after 'or'" ;; esac
expect_one_error_line "in one line"
run $D ticket list --status bogus
expect_err "expected new, open, pending" "--status does too"

# ---- ticket list and search on a terminal: a header and the customer
run $D customer new --name "Bartholomew Ødegård-Nakamura 山田太郎" --email b@example.org --jurisdiction NO
runin "Bitte löschen" $D ticket new --customer 2 --subject "Erase me" --kind data-erasure
run $D customer new --name "Yamada 山田太郎山田太郎山田" --email y@example.org --jurisdiction JP
runin "Hello" $D ticket new --customer 3 --subject "Wide"
# (script gives the command a terminal; its \r\n become \n)
tty_run() { script -qec "$*" /dev/null </dev/null | tr -d '\r' >"$T/tty.out"; OUT=$(cat "$T/tty.out"); }
tty_run "$D ticket list"
expect_eq "$(sed -n 1p "$T/tty.out")" "ID      DUE          STATUS   KIND             JUR    CUSTOMER             SUBJECT" "a header on a terminal"
expect_out "Ada Lovelace         Parcel missing" "the customer's name in its column"
expect_out " NO     Bartholomew Ødegård- Erase me" "a long name cut to 20 columns"
expect_out " JP     Yamada 山田太郎山田  Wide" "wide characters count two columns, never cut in half"
tty_run "$D search parcel"
expect_out "CUSTOMER" "search on a terminal: the header"
expect_out "Ada Lovelace" "and the customer"
run $D ticket list
expect_out_not "CUSTOMER" "piped: no header"
expect_out_not "Ada Lovelace" "nor the customer column (what scripts read stays)"
expect_out "1       -            new      question         DE     Parcel missing" "piped: the columns as before"

# ---- errors under --json (docs/cli.md): no JSON, one line on stderr
for args in "ticket show 999 --json" "customer show 999 --json" "rules due nope --from 2026-03-02 --json" \
	"terms which 999 --json" "obligations --status bogus --json"; do
	# shellcheck disable=SC2086
	run $D $args
	expect_rc 1 "$args fails"
	[ -z "$OUT" ] && pass || fail "$args prints no JSON"
	expect_one_error_line "$args: one error line"
done
run $D --workspace "$T/nowhere" ticket list --json
expect_rc 1 "a missing workspace under --json"
[ -z "$OUT" ] && pass || fail "prints no JSON"
# the one exception: a blocked erasure's preview is the answer
run $D customer hold 1 on --reason "court order"
before=$(db_dump "$W")
run $D customer erase 1 --dry-run --json
expect_rc 1 "a blocked erasure preview exits 1"
expect_out '"blocked": true' "and prints the preview"
expect_eq "$ERR" "" "with nothing on stderr"
expect_eq "$(db_dump "$W")" "$before" "changing nothing"
run $D customer hold 1 off

# ---- docs/cli.md documents every subcommand of the table
printf '%s\n' "$COMMANDS" | while IFS= read -r cmd; do
	grep -q "^docket $cmd\( \|$\)" docs/cli.md || echo "$cmd"
done >"$T/missing"
expect_eq "$(cat "$T/missing")" "" "docs/cli.md has a line for every subcommand"

# ---- shell completion, generated from the table
run $D completion fish
expect_rc 2 "completion of an unknown shell"
$D completion bash >"$T/docket.bash"
check "the bash completion parses" bash -n "$T/docket.bash"
cat >"$T/comp.bash" <<'EOF'
. "$1"
comp() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _docket; echo "${COMPREPLY[*]}"; }
comp docket ''
comp docket ticket ''
comp docket ticket show --
comp docket --workspace /tmp terms diff --s
comp docket customer export 1 --recipient ''
comp docket terms publish DOC FILE -
EOF
bash "$T/comp.bash" "$T/docket.bash" >"$T/comp.out" 2>&1
line() { sed -n "$1p" "$T/comp.out"; }
case "$(line 1)" in *" init "*" ticket "*" terms "*" completion"*) pass ;; *) fail "bash: the commands ($(line 1))" ;; esac
expect_eq "$(line 2)" "--help new list show attachment timeline reply templates note set take event" "bash: the ticket subcommands"
expect_eq "$(line 3)" "--help --json" "bash: ticket show's options only"
expect_eq "$(line 4)" "--side-by-side" "bash: terms diff's options, after global options"
expect_eq "$(line 5)" "" "bash: nothing offered for an option's value"
expect_eq "$(line 6)" "--help --effective --notice-days -m --message" "bash: terms publish's options, with -m"
# every subcommand of the table is offered
groups=$(printf '%s\n' "$COMMANDS" | cut -d' ' -f1 | uniq | tr '\n' ' ')
for g in $groups; do
	case "$(line 1) " in *" $g "*) pass ;; *) fail "bash offers $g" ;; esac
done
printf '%s\n' "$COMMANDS" | grep ' ' | while read -r g s; do
	grep -q "^		$s) leaf=1" "$T/docket.bash" || echo "$g $s"
done >"$T/missing"
expect_eq "$(cat "$T/missing")" "" "the bash completion has every subcommand"

$D completion zsh >"$T/_docket"
check "the zsh completion parses" zsh -n "$T/_docket"
cat >"$T/comp.zsh" <<'EOF'
compadd() { shift; print -r -- "$*"; }
_files() { print -r -- "_files $*"; }
compdef() { print -r -- "compdef $*"; }
source "$1"
comp() { words=("$@"); CURRENT=$#; PREFIX=${words[CURRENT]}; _docket; }
comp docket ''
comp docket ticket ''
comp docket ticket show --
comp docket --as maria terms diff --
comp docket --workspace ''
comp docket backup ''
EOF
zsh -f "$T/comp.zsh" "$T/_docket" >"$T/zcomp.out" 2>&1
zline() { sed -n "$1p" "$T/zcomp.out"; }
expect_eq "$(zline 1)" "compdef _docket docket" "zsh: sourced, it registers itself"
case "$(zline 2)" in *" init "*" ticket "*" completion"*) pass ;; *) fail "zsh: the commands ($(zline 2))" ;; esac
expect_eq "$(zline 3)" "--help new list show attachment timeline reply templates note set take event" "zsh: the ticket subcommands"
expect_eq "$(zline 4)" "--help --json" "zsh: ticket show's options"
expect_eq "$(zline 5)" "--help --word --side-by-side --clauses --width --html -o --output" "zsh: terms diff's options"
expect_eq "$(zline 6)" "_files -/" "zsh: --workspace completes folders"
expect_eq "$(zline 7)" "_files " "zsh: backup FILE completes files"

# make install installs both (run as from a shell, not as a sub-make of make check)
unset MAKEFLAGS MFLAGS MAKELEVEL || true
if make --no-print-directory -s install DESTDIR="$T/root" PREFIX=/usr >"$T/install.out" 2>&1; then pass; else
	fail "make install ($(tail -3 "$T/install.out"))"; fi
check "make install: the bash completion" cmp -s "$T/docket.bash" "$T/root/usr/share/bash-completion/completions/docket"
check "make install: the zsh completion" cmp -s "$T/_docket" "$T/root/usr/share/zsh/site-functions/_docket"

# ---- make without the -dev packages says what to do
make -n PKG_CONFIG=false >"$T/make.out" 2>&1
RC=$?
expect_rc 2 "make without the packages stops"
ERR=$(cat "$T/make.out")
expect_err "missing build dependencies (pkg-config modules not found: ncursesw sqlite3" "naming the modules"
expect_err 'run `make run` or `make check`' "and saying what to run"
expect_err "scripts/deps.sh" "or the script"
n=$(grep -c . "$T/make.out")
expect_eq "$n" "1" "in one line, before any compiler runs"

t_done
