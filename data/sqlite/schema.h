/* schema.h - the workspace schema and its forward migrations (internal to
 * data/). Migration N takes user_version N-1 to N. */
#ifndef DOCKET_SCHEMA_H
#define DOCKET_SCHEMA_H

/* Number of FTS5 partitions: a ticket's text lives in partition
 * customer_id % FTS_PARTS, so erasing one customer rebuilds only one. */
#define FTS_PARTS 32

extern const char *const schema_migrations[];
extern const int schema_migration_count;

#endif
