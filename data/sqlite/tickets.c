/* tickets.c - tickets (the queue's list shapes), their messages and
 * events. */
#include "data/sqlite/sqlite_impl.h"
#include "data/sqlite/queue.h"

#include "lib/buf.h"
#include "lib/err.h"

#include <stdlib.h>
#include <string.h>

ROW_READER(read_ticket, struct ticket)
ROW_READER(read_message, struct message)
ROW_READER(read_event, struct event)
ROW_RELEASER(tickets_free, struct ticket)
ROW_RELEASER(messages_free, struct message)
ROW_RELEASER(events_free, struct event)

/* ---- tickets */

#define TICKET_COLS                                                                              \
	"t.id, t.customer_id, t.subject, t.kind, t.status, t.priority, t.assignee, t.channel,"  \
	" t.created_at, t.updated_at, t.version, t.next_due_at, c.name, c.jurisdiction"

static void read_ticket(sqlite3_stmt *s, struct ticket *t)
{
	t->id = sqlite3_column_int64(s, 0);
	t->customer_id = sqlite3_column_int64(s, 1);
	t->subject = col_text(s, 2);
	t->kind = col_text(s, 3);
	t->status = col_text(s, 4);
	t->priority = sqlite3_column_int(s, 5);
	t->assignee = col_text(s, 6);
	t->channel = col_text(s, 7);
	t->created_at = col_time(s, 8);
	t->updated_at = col_time(s, 9);
	t->version = sqlite3_column_int64(s, 10);
	t->next_due_at = col_time(s, 11);
	t->customer_name = col_text(s, 12);
	t->jurisdiction = col_text(s, 13);
}

static int64_t due_key(dk_time t) { return t == DK_TIME_NONE ? INT64_MAX : t; }

int store_ticket_insert(struct store *st, struct ticket *t)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = q(st, "INSERT INTO tickets(customer_id, subject, kind, status, priority, assignee,"
				" channel, created_at, updated_at, version, next_due_at, is_open, due_key)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?11, ?12)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, t->customer_id);
	bind_text(s, 2, t->subject);
	bind_text(s, 3, t->kind);
	bind_text(s, 4, t->status);
	sqlite3_bind_int(s, 5, t->priority ? t->priority : 3);
	bind_text(s, 6, t->assignee);
	bind_text(s, 7, t->channel);
	bind_time(s, 8, t->created_at);
	bind_time(s, 9, t->updated_at == DK_TIME_NONE || !t->updated_at ? t->created_at : t->updated_at);
	bind_time(s, 10, t->next_due_at);
	sqlite3_bind_int(s, 11, ticket_status_is_open(t->status));
	sqlite3_bind_int64(s, 12, due_key(t->next_due_at));
	int rc = step_done(st, s, "ticket");
	if (!rc) {
		t->id = sqlite3_last_insert_rowid(st->db);
		t->version = 1;
	}
	return rc;
}

int store_ticket_get(struct store *st, int64_t id, struct ticket *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *s = q(st, "SELECT " TICKET_COLS " FROM tickets t JOIN customers c ON c.id = t.customer_id"
				" WHERE t.id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_ticket(s, out);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_err(st, "ticket");
	return err_set(DK_ENOTFOUND, "ticket %lld: no such ticket", (long long)id);
}

/* The ticket's version, checked against expect (0: any). */
static int check_version_get(struct store *st, int64_t id, int64_t expect, int64_t *version)
{
	sqlite3_stmt *s = q(st, "SELECT version FROM tickets WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return err_set(DK_ENOTFOUND, "ticket %lld: no such ticket", (long long)id);
		return db_err(st, "ticket");
	}
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (version)
		*version = v;
	if (expect > 0 && v != expect)
		return err_set(DK_ECONFLICT,
			       "ticket %lld changed since you opened it (version %lld, now %lld); reload and try again",
			       (long long)id, (long long)expect, (long long)v);
	return 0;
}

static int check_version(struct store *st, int64_t id, int64_t expect)
{
	return check_version_get(st, id, expect, NULL);
}

int store_ticket_update(struct store *st, struct ticket *t, int64_t expect_version)
{
	STORE_WRITE(st);
	int64_t v;
	int rc = check_version_get(st, t->id, expect_version, &v);
	if (rc)
		return rc;
	/* the new version is the one read + 1 (the transaction holds the
	 * write lock): no RETURNING, which SQLite stages through a temporary
	 * table on every run */
	sqlite3_stmt *s = q(st, "UPDATE tickets SET status = ?2, kind = ?3, priority = ?4, assignee = ?5,"
				" updated_at = ?6, next_due_at = ?7, is_open = ?8, due_key = ?9,"
				" version = ?10 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, t->id);
	bind_text(s, 2, t->status);
	bind_text(s, 3, t->kind);
	sqlite3_bind_int(s, 4, t->priority);
	bind_text(s, 5, t->assignee);
	bind_time(s, 6, t->updated_at);
	bind_time(s, 7, t->next_due_at);
	sqlite3_bind_int(s, 8, ticket_status_is_open(t->status));
	sqlite3_bind_int64(s, 9, due_key(t->next_due_at));
	sqlite3_bind_int64(s, 10, v + 1);
	if ((rc = step_done(st, s, "ticket")))
		return rc;
	t->version = v + 1;
	return 0;
}

int store_ticket_touch(struct store *st, int64_t id, dk_time at, int64_t expect_version)
{
	STORE_WRITE(st);
	/* the version is checked by the update itself; only when it changed
	 * nothing is the row read, to say why */
	sqlite3_stmt *s = q(st, "UPDATE tickets SET updated_at = ?2, version = version + 1"
				" WHERE id = ?1 AND (?3 <= 0 OR version = ?3)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, at);
	sqlite3_bind_int64(s, 3, expect_version);
	int rc = step_done(st, s, "ticket");
	if (rc || sqlite3_changes(st->db) > 0)
		return rc;
	rc = check_version(st, id, expect_version);
	return rc ? rc : err_set(DK_EIO, "ticket %lld: not updated", (long long)id);
}

int store_ticket_refresh_due(struct store *st, int64_t id)
{
	STORE_WRITE(st);
	/* queue.h: breached duties order the queue like open ones; a
	 * resolved ticket with an unsettled duty stays in it */
	/* computed first and written only when it changed: an update
	 * rewrites the ticket's queue indexes even with the same values */
	/* SCHEMA_QUEUE_KEY (queue.h) from the due time computed once: the
	 * earlier of it and, awaiting triage, the receipt */
	sqlite3_stmt *s = q(st, "SELECT next_due_at, due_key, is_open, (" SCHEMA_QUEUE_DUE("?1") "),"
				" triage, created_at, " SCHEMA_QUEUE_OPEN("?1") " FROM tickets WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? 0 : db_err(st, "ticket");
	}
	dk_time due = col_time(s, 3);
	int64_t key = due == DK_TIME_NONE ? INT64_MAX : due;
	if (sqlite3_column_int(s, 4) == 1 && sqlite3_column_int64(s, 5) < key)
		key = sqlite3_column_int64(s, 5);
	int open = sqlite3_column_int(s, 6);
	int same = col_time(s, 0) == due && sqlite3_column_type(s, 1) != SQLITE_NULL &&
		   sqlite3_column_int64(s, 1) == key && sqlite3_column_type(s, 2) != SQLITE_NULL &&
		   sqlite3_column_int(s, 2) == open;
	sqlite3_reset(s);
	if (same)
		return 0;
	s = q(st, "UPDATE tickets SET next_due_at = ?2, due_key = ?3, is_open = ?4 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	bind_time(s, 2, due);
	sqlite3_bind_int64(s, 3, key);
	sqlite3_bind_int(s, 4, open);
	return step_done(st, s, "ticket");
}

/* The ticket list query is assembled from the filter; the few shapes are
 * cached by text so each stays a prepared statement. */
static const char *ticket_list_sql(const struct ticket_filter *f, int count, struct buf *b)
{
	buf_reset(b);
	if (count && !f->jurisdiction)
		buf_adds(b, "SELECT count(*) FROM tickets t WHERE 1");
	else if (count)
		buf_adds(b, "SELECT count(*) FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE 1");
	else
		buf_adds(b, "SELECT " TICKET_COLS " FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE 1");
	if (!f->status)
		buf_adds(b, " AND t.is_open = 1");
	else if (strcmp(f->status, "all"))
		buf_adds(b, " AND t.status = :status");
	if (f->kind)
		buf_adds(b, " AND t.kind = :kind");
	if (f->assignee)
		buf_adds(b, *f->assignee ? " AND t.assignee = :assignee" : " AND t.assignee IS NULL");
	if (f->jurisdiction)
		buf_adds(b, " AND c.jurisdiction = :jur");
	if (f->customer_id)
		buf_adds(b, " AND t.customer_id = :cust");
	if (f->overdue)
		buf_adds(b, " AND t.due_key < :now AND t.next_due_at < :now");
	if (!count) {
		/* each order, and the same reversed for a page read from the end */
		static const char *const order[TICKET_SORT_COUNT][2] = {
			{ "t.due_key, t.id", "t.due_key DESC, t.id DESC" },
			{ "t.priority, t.due_key, t.id", "t.priority DESC, t.due_key DESC, t.id DESC" },
			{ "t.created_at, t.id", "t.created_at DESC, t.id DESC" },
			{ "t.updated_at DESC, t.id DESC", "t.updated_at, t.id" },
		};
		int so = f->sort > 0 && f->sort < TICKET_SORT_COUNT ? f->sort : 0;
		buf_printf(b, " ORDER BY %s LIMIT :limit OFFSET :offset", order[so][f->from_end ? 1 : 0]);
	}
	return buf_str(b);
}

const char *ticket_sort_name(int sort)
{
	static const char *const names[TICKET_SORT_COUNT] = { "urgency", "priority", "age", "updated" };
	return sort >= 0 && sort < TICKET_SORT_COUNT ? names[sort] : "urgency";
}

static sqlite3_stmt *ticket_list_stmt(struct store *st, const struct ticket_filter *f, int count)
{
	static char *shapes[256];
	struct buf b = BUF_INIT;
	const char *sql = ticket_list_sql(f, count, &b);
	const char *key = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(shapes) && shapes[i]; i++)
		if (!strcmp(shapes[i], sql))
			key = shapes[i];
	if (!key) {
		size_t i = 0;
		while (i < ARRAY_SIZE(shapes) && shapes[i])
			i++;
		if (i == ARRAY_SIZE(shapes)) {
			buf_release(&b);
			return NULL;
		}
		key = shapes[i] = buf_detach(&b);
	}
	buf_release(&b);
	sqlite3_stmt *s = q(st, key);
	if (!s)
		return NULL;
#define BIND(name, fn) do { int ix = sqlite3_bind_parameter_index(s, name); if (ix) fn; } while (0)
	BIND(":status", bind_text(s, ix, f->status));
	BIND(":kind", bind_text(s, ix, f->kind));
	BIND(":assignee", bind_text(s, ix, f->assignee));
	BIND(":jur", bind_text(s, ix, f->jurisdiction));
	BIND(":cust", sqlite3_bind_int64(s, ix, f->customer_id));
	BIND(":now", sqlite3_bind_int64(s, ix, f->now));
	BIND(":limit", sqlite3_bind_int64(s, ix, f->limit > 0 ? f->limit : -1));
	BIND(":offset", sqlite3_bind_int64(s, ix, f->offset));
#undef BIND
	return s;
}

int store_ticket_list(struct store *st, const struct ticket_filter *f, struct ticket **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = ticket_list_stmt(st, f, 0);
	if (!s)
		return DK_EIO;
	int rc = COLLECT(st, s, out, n, read_ticket, tickets_free, "tickets");
	if (!rc && f->from_end)
		for (size_t i = 0, j = *n ? *n - 1 : 0; i < j; i++, j--) {
			struct ticket tmp = (*out)[i];
			(*out)[i] = (*out)[j];
			(*out)[j] = tmp;
		}
	return rc;
}

int store_ticket_count(struct store *st, const struct ticket_filter *f, int64_t *n)
{
	sqlite3_stmt *s = ticket_list_stmt(st, f, 1);
	if (!s)
		return DK_EIO;
	if (sqlite3_step(s) != SQLITE_ROW)
		return db_err(st, "tickets");
	*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

/* ---- messages and events */

int store_message_insert(struct store *st, struct message *m)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = q(st, "SELECT t.customer_id, t.subject,"
				" NOT EXISTS(SELECT 1 FROM messages WHERE ticket_id = t.id)"
				" FROM tickets t WHERE t.id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, m->ticket_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return err_set(DK_ENOTFOUND, "ticket %lld: no such ticket", (long long)m->ticket_id);
	}
	int64_t cust = sqlite3_column_int64(s, 0);
	char *subject = sqlite3_column_int(s, 2) ? col_text(s, 1) : NULL;
	sqlite3_reset(s);
	s = q(st, "INSERT INTO messages(ticket_id, direction, author, body, created_at, automated, disclosed,"
		  " disclosure_rule) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!s) {
		free(subject);
		return DK_EIO;
	}
	sqlite3_bind_int64(s, 1, m->ticket_id);
	bind_text(s, 2, m->direction);
	bind_text(s, 3, m->author);
	bind_text(s, 4, m->body ? m->body : "");
	bind_time(s, 5, m->created_at);
	sqlite3_bind_int(s, 6, m->automated);
	sqlite3_bind_int(s, 7, m->disclosed);
	bind_text(s, 8, m->disclosure_rule);
	int rc = step_done(st, s, "message");
	if (!rc) {
		m->id = sqlite3_last_insert_rowid(st->db);
		rc = store_fts_index(st, cust, m->id, subject, m->body);
	}
	free(subject);
	return rc;
}

static void read_message(sqlite3_stmt *s, struct message *m)
{
	m->id = sqlite3_column_int64(s, 0);
	m->ticket_id = sqlite3_column_int64(s, 1);
	m->direction = col_text(s, 2);
	m->author = col_text(s, 3);
	m->body = col_text(s, 4);
	m->created_at = col_time(s, 5);
	m->automated = sqlite3_column_int(s, 6);
	m->disclosed = sqlite3_column_int(s, 7);
	m->disclosure_rule = col_text(s, 8);
}

int store_message_list(struct store *st, int64_t ticket_id, struct message **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT id, ticket_id, direction, author, body, created_at, automated, disclosed,"
				" disclosure_rule FROM messages WHERE ticket_id = ?1 ORDER BY id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	return COLLECT(st, s, out, n, read_message, messages_free, "messages");
}

int store_event_insert(struct store *st, struct event *e)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = q(st, "INSERT INTO events(ticket_id, at, type, actor, detail) VALUES(?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, e->ticket_id);
	bind_time(s, 2, e->at);
	bind_text(s, 3, e->type);
	bind_text(s, 4, e->actor);
	bind_text(s, 5, e->detail);
	int rc = step_done(st, s, "event");
	if (!rc)
		e->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static void read_event(sqlite3_stmt *s, struct event *e)
{
	e->id = sqlite3_column_int64(s, 0);
	e->ticket_id = sqlite3_column_int64(s, 1);
	e->at = col_time(s, 2);
	e->type = col_text(s, 3);
	e->actor = col_text(s, 4);
	e->detail = col_text(s, 5);
}

int store_event_list(struct store *st, int64_t ticket_id, struct event **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT id, ticket_id, at, type, actor, detail FROM events WHERE ticket_id = ?1"
				" ORDER BY at, id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, ticket_id);
	return COLLECT(st, s, out, n, read_event, events_free, "events");
}
