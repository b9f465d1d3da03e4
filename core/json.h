/* json.h - domain records as JSON objects (jansson), with the data
 * model's column names and times as RFC 3339 strings (CLI.md). The
 * returned json_t * is a new reference (json_decref it). */
#ifndef DOCKET_JSON_H
#define DOCKET_JSON_H

#include <jansson.h>

#include "model/model.h"

json_t *json_time(dk_time t); /* null for DK_TIME_NONE */
json_t *json_str(const char *s); /* null for NULL */
json_t *json_agent(const struct agent *a);
json_t *json_customer(const struct customer *c);
json_t *json_ticket(const struct ticket *t);
json_t *json_message(const struct message *m);
json_t *json_event(const struct event *e);
json_t *json_obligation(const struct obligation *o);
json_t *json_acceptance(const struct acceptance *a);
json_t *json_audit_row(const struct audit_row *r);

#endif
