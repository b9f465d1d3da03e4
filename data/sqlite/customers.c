/* customers.c - customers and their acceptances of legal documents. */
#include "data/sqlite/sqlite_impl.h"

#include "lib/err.h"

#include <string.h>

ROW_READER(read_customer, struct customer)
ROW_READER(read_acceptance, struct acceptance)
ROW_RELEASER(customers_free, struct customer)
ROW_RELEASER(acceptances_free, struct acceptance)

#define CUSTOMER_COLS \
	"id, name, email, jurisdiction, created_at, erased_at, legal_hold, hold_reason, restricted, restrict_reason"

static void read_customer(sqlite3_stmt *s, struct customer *c)
{
	c->id = sqlite3_column_int64(s, 0);
	c->name = col_text(s, 1);
	c->email = col_text(s, 2);
	c->jurisdiction = col_text(s, 3);
	c->created_at = col_time(s, 4);
	c->erased_at = col_time(s, 5);
	c->legal_hold = sqlite3_column_int(s, 6);
	c->hold_reason = col_text(s, 7);
	c->restricted = sqlite3_column_int(s, 8);
	c->restrict_reason = col_text(s, 9);
}

int store_customer_insert(struct store *st, struct customer *c)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = q(st, "INSERT INTO customers(name, email, jurisdiction, created_at, erased_at,"
				" legal_hold, hold_reason, restricted, restrict_reason)"
				" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, c->name);
	bind_text(s, 2, c->email);
	bind_text(s, 3, c->jurisdiction);
	bind_time(s, 4, c->created_at);
	bind_time(s, 5, c->erased_at);
	sqlite3_bind_int(s, 6, c->legal_hold);
	bind_text(s, 7, c->hold_reason);
	sqlite3_bind_int(s, 8, c->restricted);
	bind_text(s, 9, c->restrict_reason);
	int rc = step_done(st, s, "customer");
	if (!rc)
		c->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_customer_get(struct store *st, int64_t id, struct customer *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *s = q(st, "SELECT " CUSTOMER_COLS " FROM customers WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_customer(s, out);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_err(st, "customer");
	return err_set(DK_ENOTFOUND, "customer %lld: no such customer", (long long)id);
}

int store_customer_update(struct store *st, const struct customer *c)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = q(st, "UPDATE customers SET name = ?2, email = ?3, jurisdiction = ?4,"
				" erased_at = ?5, legal_hold = ?6, hold_reason = ?7, restricted = ?8,"
				" restrict_reason = ?9 WHERE id = ?1");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, c->id);
	bind_text(s, 2, c->name);
	bind_text(s, 3, c->email);
	bind_text(s, 4, c->jurisdiction);
	bind_time(s, 5, c->erased_at);
	sqlite3_bind_int(s, 6, c->legal_hold);
	bind_text(s, 7, c->hold_reason);
	sqlite3_bind_int(s, 8, c->restricted);
	bind_text(s, 9, c->restrict_reason);
	int rc = step_done(st, s, "customer");
	if (!rc && sqlite3_changes(st->db) == 0)
		return err_set(DK_ENOTFOUND, "customer %lld: no such customer", (long long)c->id);
	return rc;
}

int store_customer_list(struct store *st, const struct customer_filter *f, struct customer **out,
			size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = q(st, "SELECT " CUSTOMER_COLS " FROM customers"
				" WHERE (?1 IS NULL OR jurisdiction = ?1)"
				" AND (?2 IS NULL OR instr(lower(name), lower(?2)) > 0"
				"      OR instr(lower(email), lower(?2)) > 0)"
				" ORDER BY id LIMIT ?3 OFFSET ?4");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, f->jurisdiction);
	bind_text(s, 2, f->search && *f->search ? f->search : NULL);
	sqlite3_bind_int64(s, 3, f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(s, 4, f->offset);
	return COLLECT(st, s, out, n, read_customer, customers_free, "customers");
}

int store_customer_email_owner(struct store *st, const char *email, int64_t except_id, int64_t *id)
{
	sqlite3_stmt *s = q(st, "SELECT id FROM customers WHERE email = ?1 COLLATE NOCASE AND id <> ?2"
				" ORDER BY id LIMIT 1");
	if (!s)
		return DK_EIO;
	bind_text(s, 1, email);
	sqlite3_bind_int64(s, 2, except_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return err_set(DK_ENOTFOUND, "customer %s: not found", email ? email : "");
	return db_err(st, "customers");
}

/* Every customer in id order; light: only id and created_at are read. */
static int customer_scan(struct store *st, int light, int (*cb)(const struct customer *c, void *ctx), void *ctx)
{
	sqlite3_stmt *s;
	const char *sql = light ? "SELECT id, created_at FROM customers ORDER BY id"
				: "SELECT " CUSTOMER_COLS " FROM customers ORDER BY id";
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_err(st, "customers");
	int rc = 0, step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct customer c = { 0 };
		if (light) {
			c.id = sqlite3_column_int64(s, 0);
			c.created_at = sqlite3_column_int64(s, 1);
		} else {
			read_customer(s, &c);
		}
		rc = cb(&c, ctx);
		customer_clear(&c);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_err(st, "customers");
	sqlite3_finalize(s);
	return rc;
}

int store_customer_foreach(struct store *st, int (*cb)(const struct customer *c, void *ctx), void *ctx)
{
	return customer_scan(st, 0, cb, ctx);
}

int store_customer_foreach_created(struct store *st, int (*cb)(const struct customer *c, void *ctx), void *ctx)
{
	return customer_scan(st, 1, cb, ctx);
}

int store_customer_count(struct store *st, int64_t *n)
{
	sqlite3_stmt *s = q(st, "SELECT count(*) FROM customers");
	if (!s || sqlite3_step(s) != SQLITE_ROW)
		return db_err(st, "customers");
	*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

/* ---- acceptances */

int store_acceptance_insert(struct store *st, struct acceptance *a)
{
	STORE_WRITE(st);
	sqlite3_stmt *s = q(st, "INSERT INTO acceptances(customer_id, document, revision, accepted_at, channel)"
				" VALUES(?1, ?2, ?3, ?4, ?5)");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, a->customer_id);
	bind_text(s, 2, a->document);
	bind_text(s, 3, a->revision);
	bind_time(s, 4, a->accepted_at);
	bind_text(s, 5, a->channel);
	int rc = step_done(st, s, "acceptance");
	if (!rc)
		a->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static void read_acceptance(sqlite3_stmt *s, struct acceptance *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->customer_id = sqlite3_column_int64(s, 1);
	a->document = col_text(s, 2);
	a->revision = col_text(s, 3);
	a->accepted_at = col_time(s, 4);
	a->channel = col_text(s, 5);
}

int store_acceptance_list(struct store *st, int64_t customer_id, const char *document,
			  struct acceptance **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* one shape per case, so that each uses its index (an "?1 = 0 OR"
	 * condition would scan the whole table for one customer) */
	sqlite3_stmt *s;
	if (customer_id)
		s = q(st, "SELECT id, customer_id, document, revision, accepted_at, channel FROM acceptances"
			  " WHERE customer_id = ?1 AND (?2 IS NULL OR document = ?2) ORDER BY accepted_at, id");
	else if (document)
		s = q(st, "SELECT id, customer_id, document, revision, accepted_at, channel FROM acceptances"
			  " WHERE document = ?2 AND ?1 = 0 ORDER BY customer_id, accepted_at, id");
	else
		s = q(st, "SELECT id, customer_id, document, revision, accepted_at, channel FROM acceptances"
			  " WHERE ?1 = 0 AND ?2 IS NULL ORDER BY customer_id, accepted_at, id");
	if (!s)
		return DK_EIO;
	sqlite3_bind_int64(s, 1, customer_id);
	bind_text(s, 2, document);
	return COLLECT(st, s, out, n, read_acceptance, acceptances_free, "acceptances");
}
