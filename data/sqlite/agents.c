/* agents.c - the workspace's agents and their roles. */
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"

#include <string.h>

ROW_READER(read_agent, struct agent)
ROW_RELEASER(agents_free, struct agent)

static void read_agent(sqlite3_stmt *s, struct agent *a)
{
	a->login = col_text(s, 0);
	a->name = col_text(s, 1);
	a->role = role_parse((const char *)sqlite3_column_text(s, 2));
}

int store_agent_get(struct store *st, const char *login, struct agent *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *s = q(st, "SELECT login, name, role FROM agents WHERE login = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, login);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_agent(s, out);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_err(st, "agent");
	return err_set(DK_ENOTFOUND, "agent %s: no such agent", login);
}

int store_agent_put(struct store *st, const struct agent *a)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = q(st, "INSERT INTO agents(login, name, role) VALUES(?1, ?2, ?3)"
				" ON CONFLICT(login) DO UPDATE SET name = excluded.name, role = excluded.role");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, a->login);
	bind_text(s, 2, a->name);
	bind_text(s, 3, role_name(a->role));
	return step_done(st, s, "agent");
}

int store_agent_delete(struct store *st, const char *login)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = q(st, "DELETE FROM agents WHERE login = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, login);
	int rc = step_done(st, s, "agent");
	if (!rc && sqlite3_changes(st->db) == 0)
		return err_set(DK_ENOTFOUND, "agent %s: no such agent", login);
	return rc;
}

int store_agent_list(struct store *st, struct agent **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT login, name, role FROM agents ORDER BY login");
	if (!s)
		return DK_EIO;
	return COLLECT(st, s, out, n, read_agent, agents_free, "agents");
}

int store_agent_count_role(struct store *st, int role, int64_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT count(*) FROM agents WHERE role = ?1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, role_name(role));
	if (sqlite3_step(s) != SQLITE_ROW)
		return db_err(st, "agents");
	*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}
