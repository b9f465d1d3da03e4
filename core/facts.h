/* facts.h - workspace facts: what the business is, as far as the rule pack
 * needs to know (issue 12 item 7).
 *
 *   regulated = fca, payment-services     (DIR/config)
 *
 * A rule with `requires = fca` (docs/rule-pack.md) applies only in a
 * workspace whose `regulated` list has fca. `docket init` leaves the list
 * unset: nothing is assumed. An admin sets config keys with
 * `docket config set KEY VALUE` (ws_config_set: written atomically, every
 * other line kept, audited as config.set with the old and new value;
 * config values are facts about the business, never personal data). */
#ifndef DOCKET_FACTS_H
#define DOCKET_FACTS_H

struct workspace;
struct rule;

/* The config key that lists the regulators and licences of the business. */
#define WS_REGULATED_KEY "regulated"

/* 1 when the workspace's `regulated` list has fact (case-insensitive). */
int ws_has_fact(struct workspace *ws, const char *fact);
/* The first fact rule r requires that the workspace lacks, or NULL when
 * the rule binds the workspace (pointer into the rule). */
const char *ws_rule_missing_fact(struct workspace *ws, const struct rule *r);
/* "ID skipped: the workspace is not regulated by FACT (config regulated)";
 * NULL when the rule binds the workspace. Caller frees. */
char *ws_rule_skip_note(struct workspace *ws, const struct rule *r);

/* Set config key to value (admins only, DK_EPERM otherwise): the file is
 * rewritten atomically with every other line kept (the key's first line
 * replaced, later duplicates dropped, else appended), and the change is
 * audited (action config.set, object config:KEY, detail with the old and
 * new value). `regulated` is normalised ("fca, payment-services") and
 * each fact checked. Keys: lower-case letters, digits, '_', '-', '.';
 * `database` is refused (moving the database is not a setting). A fact
 * newly added to `regulated` re-evaluates, in the same transaction, every
 * open ticket of a kind a rule requiring it applies to: those tickets get
 * the duties they now have, counted from their receipt. *reevaluated and
 * *duties (each may be NULL) count the tickets and the new duties; the
 * audit row says both. A failure changes nothing. */
int ws_config_set(struct workspace *ws, const char *key, const char *value, int *reevaluated, int *duties);

#endif
