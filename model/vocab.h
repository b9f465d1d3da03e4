/* vocab.h - docket's one vocabulary: ticket kinds, ticket statuses,
 * ticket event types (with what each does) and clock pause reasons.
 *
 * Each is one X-macro list (as tig's REQ_INFO): the enum, the names, the
 * flags and the NULL-terminated name lists are generated from it, so a
 * new kind or event is one line here. Code compares enums or flags, never
 * the strings; the strings are what the store, the rule pack, the CLI
 * and the exports read and write, and they do not change. */
#ifndef DOCKET_VOCAB_H
#define DOCKET_VOCAB_H

#include <stddef.h>

/* Ticket kinds, in the order listed to users and rule-pack authors, with
 * the built-in retention of a closed ticket of that kind, or NULL for
 * none (then retention.default or 3y; config retention.KIND overrides
 * either; docs/data-rights.md). */
#define TICKET_KIND_INFO(_)                            \
	_(QUESTION, "question", "3y")                  \
	_(COMPLAINT, "complaint", "6y")                \
	_(DATA_ACCESS, "data-access", "2y")            \
	_(DATA_ERASURE, "data-erasure", "2y")          \
	_(DATA_PORTABILITY, "data-portability", "2y")  \
	_(RECTIFICATION, "rectification", "2y")        \
	_(OBJECTION, "objection", "2y")                \
	_(BREACH, "breach", "6y")                      \
	_(REFUND, "refund", "6y")                      \
	_(OPT_OUT, "opt-out", "2y")                    \
	_(OTHER, "other", "3y")                        \
	_(RESTRICTION, "restriction", NULL)            \
	_(AUTOMATED_DECISION, "automated-decision", NULL) \
	_(LIMIT_USE, "limit-use", NULL)                \
	_(APPEAL, "appeal", NULL)                      \
	_(WITHDRAWAL, "withdrawal", NULL)

/* Ticket statuses: name, open (still work to do). */
#define TICKET_STATUS_INFO(_)            \
	_(NEW, "new", 1)                 \
	_(OPEN, "open", 1)               \
	_(PENDING, "pending", 1)         \
	_(ON_HOLD, "on-hold", 1)         \
	_(RESOLVED, "resolved", 0)       \
	_(CLOSED, "closed", 0)

/* What an event type is and does (event_info flags). */
enum {
	EVF_RECORD = 1 << 0,  /* a user may record it (`ticket event`, TUI keys) */
	EVF_SYSTEM = 1 << 1,  /* docket records it itself (receipt, replies, kind) */
	EVF_AT = 1 << 2,      /* may be recorded with an earlier time (--at) */
	EVF_PAUSE = 1 << 3,   /* pauses a pausable clock */
	EVF_RESUME = 1 << 4,  /* resumes a paused clock */
	EVF_ACK = 1 << 5,     /* meets an acknowledgement duty */
	EVF_RESOLVE = 1 << 6, /* the ticket is resolved: meets final duties */
	EVF_START = 1 << 7,   /* a clock may start at it: recording it restarts
			       * the clocks of rules whose `starts` lists it */
};

/* Event types: id, name, flags, the status it sets (a TS_ id, or -1),
 * and the status it sets it from (-1: any). Recordable events are listed
 * in the order the CLI's error names them. */
#define EVENT_INFO(_)                                                                     \
	_(ACKNOWLEDGED, "acknowledged", EVF_RECORD | EVF_ACK, TS_OPEN, TS_NEW)              \
	_(IDENTITY_VERIFIED, "identity-verified", EVF_RECORD | EVF_AT | EVF_RESUME | EVF_START, \
	  TS_OPEN, TS_NEW)                                                                  \
	_(FEE_PAID, "fee-paid", EVF_RECORD | EVF_AT | EVF_START, -1, -1)                   \
	_(CLOCK_PAUSED, "clock-paused", EVF_RECORD | EVF_PAUSE, TS_ON_HOLD, -1)             \
	_(CLOCK_RESUMED, "clock-resumed", EVF_RECORD | EVF_RESUME, TS_OPEN, TS_ON_HOLD)     \
	_(EXTENDED, "extended", EVF_RECORD, -1, -1)                                         \
	_(ESCALATED, "escalated", EVF_RECORD, -1, -1)                                       \
	_(RESOLVED, "resolved", EVF_RECORD | EVF_RESOLVE, TS_RESOLVED, -1)                  \
	_(REOPENED, "reopened", EVF_RECORD, TS_OPEN, -1)                                    \
	_(AWARE, "aware", EVF_RECORD | EVF_AT | EVF_START, -1, -1)                                      \
	_(RECEIVED, "received", EVF_SYSTEM, -1, -1)                                         \
	_(REPLIED, "replied", EVF_SYSTEM, -1, -1)                                           \
	_(CLASSIFIED, "classified", EVF_SYSTEM, -1, -1)                                     \
	_(COPY_SENT, "copy-sent", EVF_SYSTEM, -1, -1)

/* What a rule's clock may start at (rule pack `starts =`): events above,
 * or moments docket does not record yet (those run from receipt). */
#define CLOCK_START_INFO(_)              \
	_(RECEIVED, "received")          \
	_(AWARE, "aware")                \
	_(IDENTITY_VERIFIED, "identity-verified") \
	_(FEE_PAID, "fee-paid")          \
	_(CONTRACT, "contract")          \
	_(DELIVERY, "delivery")          \
	_(WITHDRAWAL, "withdrawal")      \
	_(FILE_COMPLETE, "file-complete") \
	_(REPLY, "reply")

/* Reasons a rule lets its clock pause (rule pack `pauses =`). */
#define PAUSE_REASON_INFO(_)              \
	_(IDENTITY, "identity")           \
	_(CLARIFICATION, "clarification") \
	_(FEE, "fee")

enum ticket_kind {
#define K_(id, name, retention) KIND_##id,
	TICKET_KIND_INFO(K_)
#undef K_
	KIND_COUNT
};
enum ticket_status {
#define S_(id, name, open) TS_##id,
	TICKET_STATUS_INFO(S_)
#undef S_
	TS_COUNT
};
enum event_type {
#define E_(id, name, flags, to, from) EV_##id,
	EVENT_INFO(E_)
#undef E_
	EV_COUNT
};
enum clock_start {
#define C_(id, name) START_##id,
	CLOCK_START_INFO(C_)
#undef C_
	START_COUNT
};
enum pause_reason {
#define P_(id, name) PAUSE_##id,
	PAUSE_REASON_INFO(P_)
#undef P_
	PAUSE_COUNT
};

/* Names, NULL-terminated, in table order. */
extern const char *const ticket_kinds[];
extern const char *const ticket_statuses[];
extern const char *const pause_reasons[];
extern const char *const clock_starts[];

/* Name -> id, or -1 when s is NULL or not in the table. */
int ticket_kind_parse(const char *s);
int ticket_status_parse(const char *s);
int event_type_parse(const char *s);
int pause_reason_parse(const char *s);
int clock_start_parse(const char *s);
/* id -> name ("" for an id out of range). */
const char *ticket_kind_name(int k);
/* The kind's default retention ("3y"), NULL for an unknown kind. */
const char *ticket_kind_retention(const char *kind);
const char *ticket_status_name(int s);
const char *event_type_name(int e);
const char *clock_start_name(int c);

int ticket_kind_valid(const char *k);
int ticket_status_valid(const char *s);
/* Open = a status whose open flag is set (not resolved or closed). */
int ticket_status_is_open(const char *s);
/* 1 when s names kind k / status st / event e. */
int ticket_kind_is(const char *s, enum ticket_kind k);
int ticket_status_is(const char *s, enum ticket_status st);
int event_is(const char *s, enum event_type e);
int clock_start_is(const char *s, enum clock_start c);
/* The EVF_ flags of event s, 0 when unknown. */
unsigned event_flags(const char *s);
/* The status event type sets on a ticket whose status is cur, or NULL. */
const char *event_sets_status(const char *type, const char *cur);
/* "a, b, c": the events whose flags include all of `flags`, in table
 * order, into out (truncated to n bytes); returns out. */
char *event_names_with(unsigned flags, char *out, size_t n);

#endif
