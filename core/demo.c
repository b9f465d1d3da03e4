/* demo.c - deterministic, realistic demo data for a new workspace. */
#include "core/demo.h"
#include "core/facts.h"

#include "core/desk.h"
#include "lib/err.h"
#include "core/publish.h"
#include "core/obligations.h"
#include "lib/util.h"
#include "data/store.h"
#include "terms/demo.h"
#include "terms/legal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64: small, good, reproducible on every platform. */
struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int64_t rnd_in(struct rng *r, int64_t lo, int64_t hi) /* [lo, hi] */
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)(rnd(r) % (uint64_t)(hi - lo + 1));
}

/* tickets per database transaction */
#define DEMO_BATCH 2000

#define PICK(r, arr) ((arr)[rnd(r) % ARRAY_SIZE(arr)])

struct country {
	const char *code;
	const char *domain;
	const char *first[8];
	const char *last[8];
};

static const struct country countries[] = {
	{ "DE", "example.de", { "Anna", "Lukas", "Mia", "Jonas", "Lea", "Felix", "Sophie", "Paul" },
	  { "Schmidt", "Müller", "Weber", "Fischer", "Wagner", "Becker", "Hoffmann", "Schäfer" } },
	{ "FR", "exemple.fr", { "Camille", "Louis", "Léa", "Hugo", "Chloé", "Jules", "Manon", "Lucas" },
	  { "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand" } },
	{ "IE", "example.ie", { "Aoife", "Seán", "Niamh", "Cian", "Saoirse", "Darragh", "Róisín", "Oisín" },
	  { "Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien", "Doyle" } },
	{ "GB", "example.co.uk", { "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily" },
	  { "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Davies" } },
	{ "US-CA", "example.com", { "Emma", "Liam", "Olivia", "Noah", "Sofia", "Mateo", "Ava", "Ethan" },
	  { "Garcia", "Nguyen", "Johnson", "Lee", "Hernandez", "Kim", "Patel", "Lopez" } },
	{ "US-NY", "example.net", { "Michael", "Sarah", "David", "Rachel", "Daniel", "Hannah", "James", "Leah" },
	  { "Cohen", "Rivera", "Goldberg", "Russo", "Chen", "Murphy", "Rosen", "Diaz" } },
	{ "BR", "exemplo.com.br", { "João", "Maria", "Pedro", "Ana", "Gabriel", "Júlia", "Rafael", "Beatriz" },
	  { "Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Lima", "Carvalho" } },
	{ "CA", "example.ca", { "Liam", "Charlotte", "William", "Chloé", "Benjamin", "Olivia", "Félix", "Emma" },
	  { "Tremblay", "Roy", "Gagnon", "Côté", "MacDonald", "Wilson", "Leblanc", "Martin" } },
	{ "NL", "voorbeeld.nl", { "Daan", "Emma", "Sem", "Julia", "Lucas", "Mila", "Finn", "Tess" },
	  { "de Jong", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Meijer" } },
	{ "ES", "ejemplo.es", { "Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Leo", "Paula", "Daniel" },
	  { "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez" } },
};

struct kind_text {
	const char *kind;
	int weight;
	const char *subjects[4];
	const char *bodies[4];
};

static const struct kind_text kinds[] = {
	{ "question", 30,
	  { "How do I change my delivery address?", "Invoice for last month missing", "Can I pause my subscription?",
	    "Password reset email never arrives" },
	  { "Hello,\n\nI moved last week and need to change the delivery address on my account. Where can I do that?\n\nThanks",
	    "Hi,\n\nI cannot find the invoice for last month in my account. Could you send it again?\n\nBest regards",
	    "Hello,\n\nI'm travelling for two months. Is it possible to pause my subscription instead of cancelling?",
	    "Hi there,\n\nI've requested a password reset three times but no email arrives. Spam folder is empty too." } },
	{ "complaint", 18,
	  { "Charged twice for the same order", "Order arrived damaged, no reply for a week", "Formal complaint about your service",
	    "Refund promised but never received" },
	  { "Hello,\n\nI was charged twice for order 4471. I want this fixed and I consider this a formal complaint.",
	    "My order arrived with a broken screen. I wrote a week ago and nobody answered. This is unacceptable.",
	    "I wish to make a formal complaint. Your agent hung up on me twice and my issue is still not resolved.",
	    "You promised a refund on the phone three weeks ago. Nothing has arrived. Please treat this as a complaint." } },
	{ "data-access", 10,
	  { "Subject access request", "Copy of my personal data", "What data do you hold about me?", "Data request under GDPR" },
	  { "Dear Sir or Madam,\n\nUnder Article 15 GDPR I request a copy of all personal data you hold about me.",
	    "Please send me a copy of my personal data, including where you got it and who you shared it with.",
	    "I would like to know what personal data you hold about me and how it is used. Please send a copy.",
	    "This is a data subject access request. Please provide all my data in a portable format." } },
	{ "data-erasure", 8,
	  { "Please delete my account", "Right to be forgotten", "Erase my personal data", "Close account and remove data" },
	  { "Hello,\n\nPlease delete my account and all personal data you hold about me. I no longer use the service.",
	    "I am exercising my right to erasure. Please remove all my data and confirm when it is done.",
	    "Please erase my personal data. I do not want to receive anything from you again.",
	    "Close my account and delete my data, including my order history where the law allows." } },
	{ "data-portability", 3,
	  { "Export my data", "Data portability request", "Transfer my data to another provider", "Machine-readable copy please" },
	  { "Please send my data in a machine-readable format so I can move to another provider.",
	    "Under Article 20 GDPR I request my data in a structured, commonly used format.",
	    "I am switching providers. Please export my order history and profile as a file.",
	    "Could you provide all data I gave you in JSON or CSV?" } },
	{ "rectification", 4,
	  { "My name is misspelt", "Wrong date of birth on my account", "Please correct my address", "Incorrect email on file" },
	  { "My surname is misspelt on every letter you send. Please correct it.",
	    "The date of birth on my account is wrong. Please fix it.",
	    "You still have my old address. Please correct your records.",
	    "You are sending emails to an old address of mine. Please update it." } },
	{ "objection", 3,
	  { "Stop sending me marketing", "I object to profiling", "Unsubscribe me from everything", "No more newsletters" },
	  { "I object to the use of my data for direct marketing. Stop sending me offers.",
	    "I object to you profiling my purchases for advertising.",
	    "Unsubscribe me from every list. I never agreed to this.",
	    "Please stop all marketing emails and texts immediately." } },
	{ "opt-out", 3,
	  { "Do not sell my personal information", "Opt out of data sharing", "Do not share my data", "Opt-out request" },
	  { "Do not sell or share my personal information.", "I am opting out of the sale and sharing of my data.",
	    "Please do not share my data with advertisers.", "This is an opt-out request under the CCPA." } },
	{ "refund", 8,
	  { "Withdrawal from contract", "I want to return my order", "Cancel order and refund", "Refund for cancelled service" },
	  { "I am withdrawing from the contract for order 5520 within the 14 days. Please refund me.",
	    "I would like to return the jacket I received on Monday and get my money back.",
	    "Please cancel my order and refund the payment.", "I cancelled the service within the trial. Please refund me." } },
	{ "breach", 1,
	  { "Lost laptop with customer records", "Misdirected email with order data", "Suspicious login to admin panel",
	    "Customer data visible to other users" },
	  { "Internal: a laptop with an export of customer records was lost on the train this morning.",
	    "Internal: an email with order data for 40 customers went to the wrong recipient.",
	    "Internal: we saw logins to the admin panel from an unknown address overnight.",
	    "Internal: for two hours customers could see other customers' order pages." } },
};

static const char *const replies[] = {
	"Thank you for your message. We have received your request and are looking into it.",
	"Thanks for getting in touch. Could you confirm the email address on your account so we can verify your identity?",
	"We are sorry for the trouble. We have passed this to the team responsible and will update you shortly.",
	"Your request has been completed. Please let us know if there is anything else we can help with.",
};

static const char *const notes[] = {
	"Checked the order history: two payments captured on the same day.",
	"Identity confirmed by email reply from the address on file.",
	"Asked the warehouse for photos of the returned item.",
	"Escalating to team lead: customer mentions the ombudsman.",
};

static const char *pick_kind(struct rng *r)
{
	int total = 0;
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		total += kinds[i].weight;
	int x = (int)(rnd(r) % (uint64_t)total);
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		if (x < kinds[i].weight)
			return kinds[i].kind;
		x -= kinds[i].weight;
	}
	return "question";
}

static const struct kind_text *kind_text(const char *k)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(kinds[i].kind, k))
			return &kinds[i];
	return &kinds[0];
}

static int add_agents(struct workspace *ws, dk_time at)
{
	static const char *const a[][2] = { { "maria", "agent" }, { "tom", "agent" }, { "lena", "legal" } };
	for (size_t i = 0; i < ARRAY_SIZE(a); i++) {
		int rc = desk_agent_add(ws, a[i][0], a[i][1], at);
		if (rc && rc != DK_ECONFLICT)
			return rc;
	}
	return 0;
}

/* Act as another agent for a moment (the demo's replies come from the
 * team, not only from the admin who ran it). */
static void act_as(struct workspace *ws, const char *login, int role)
{
	free(ws->login);
	ws->login = xstrdup(login);
	ws->role = role;
}

/* The terms of service's history: the starter revision plus the demo's
 * published revisions. */
static int demo_terms(struct workspace *ws, dk_time start, dk_time now, unsigned seed, struct legal_rev **revs,
		      size_t *nrevs)
{
	struct legal_repo *repo;
	int rc = ws_legal(ws, &repo);
	if (rc)
		return rc;
	if ((rc = legal_demo_history(repo, start, now, seed, revs, nrevs)))
		return rc;
	/* a history made up whole, not published through docket */
	return publish_mark_baseline(ws);
}

/* Everyone accepted the revision in force when they signed up; some
 * accepted a later one when it was announced. */
static int demo_acceptances(struct workspace *ws, struct rng *r, const int64_t *cust, const dk_time *joined,
			    int64_t n, const struct legal_rev *revs, size_t nrevs, dk_time now)
{
	static const char *const later_channels[] = { "email", "app", "web" };
	int rc = ws_begin(ws);
	if (rc)
		return rc;
	int64_t count = 0;
	for (int64_t i = 0; !rc && i < n && nrevs; i++) {
		size_t k = 0;
		for (size_t j = 0; j < nrevs; j++)
			if (revs[j].committed_at <= joined[i] && revs[j].effective <= joined[i])
				k = j;
		struct acceptance a = { .customer_id = cust[i], .document = xstrdup("terms-of-service"),
					.revision = xstrdup(revs[k].id), .accepted_at = joined[i], .channel = xstrdup("web") };
		rc = store_acceptance_insert(ws->store, &a);
		acceptance_clear(&a);
		if (rc)
			break;
		count++;
		if (k + 1 < nrevs && rnd(r) % 3 == 0) {
			size_t later = (size_t)rnd_in(r, (int64_t)k + 1, (int64_t)nrevs - 1);
			dk_time at = revs[later].committed_at + (dk_time)rnd_in(r, 3600, 20 * 86400);
			if (at < now) {
				struct acceptance b = { .customer_id = cust[i], .document = xstrdup("terms-of-service"),
							.revision = xstrdup(revs[later].id), .accepted_at = at,
							.channel = xstrdup(PICK(r, later_channels)) };
				rc = store_acceptance_insert(ws->store, &b);
				acceptance_clear(&b);
				if (rc)
					break;
				count++;
			}
		}
	}
	if (!rc)
		rc = ws_audit(ws, "demo.acceptances", "acceptances", "count=%lld", (long long)count);
	if (rc) {
		ws_rollback(ws);
		return rc;
	}
	return ws_commit(ws);
}

static int make_customers(struct workspace *ws, struct rng *r, const struct demo_opts *o, dk_time start,
			  int64_t **ids, dk_time **joined)
{
	*ids = xcalloc((size_t)o->customers, sizeof(**ids));
	*joined = xcalloc((size_t)o->customers, sizeof(**joined));
	for (int64_t i = 0; i < o->customers; i++) {
		const struct country *c = &countries[i % (int64_t)ARRAY_SIZE(countries)];
		const char *first = PICK(r, c->first), *last = PICK(r, c->last);
		char name[128], email[160], local[96];
		snprintf(name, sizeof(name), "%s %s", first, last);
		/* ASCII-only local part from the name */
		size_t k = 0;
		for (const char *p = name; *p && k + 2 < sizeof(local); p++) {
			unsigned char ch = (unsigned char)*p;
			if (ch >= 'A' && ch <= 'Z')
				local[k++] = (char)(ch - 'A' + 'a');
			else if ((ch >= 'a' && ch <= 'z'))
				local[k++] = (char)ch;
			else if (ch == ' ')
				local[k++] = '.';
		}
		local[k] = 0;
		snprintf(email, sizeof(email), "%s%lld@%s", local, (long long)(i + 1), c->domain);
		/* joined over the first 21 months, so everyone can have tickets */
		dk_time at = start + (dk_time)rnd_in(r, 0, (int64_t)(o->now - start) * 7 / 8);
		int rc = desk_customer_new(ws, name, email, c->code, at, &(*ids)[i]);
		if (rc)
			return rc;
		(*joined)[i] = at;
	}
	return 0;
}

static int work_ticket(struct workspace *ws, struct rng *r, int64_t tid, const char *kind, dk_time created,
		       dk_time now)
{
	int rc = 0;
	dk_time age = now - created;
	dk_time t = created + rnd_in(r, 600, 86400);
	static const char *const staff[] = { "maria", "tom" };
	act_as(ws, PICK(r, staff), ROLE_AGENT);
	/* Tickets younger than a day are often untouched. */
	if (age < 86400 && rnd(r) % 2)
		return 0;
	if (t > now)
		t = now;
	if (rnd(r) % 3 == 0)
		rc = desk_ticket_set(ws, tid, "assignee", ws->login, 0, t);
	if (!rc && (!ticket_kind_is(kind, KIND_QUESTION) || rnd(r) % 2))
		rc = desk_ticket_event(ws, tid, event_type_name(EV_ACKNOWLEDGED), NULL, 0, t);
	if (rc)
		return rc;
	/* Some first answers come from the support bot. */
	int automated = rnd(r) % 5 == 0;
	const char *reply = automated ? replies[0] : PICK(r, replies);
	rc = desk_ticket_reply(ws, tid, reply, automated, 0, t + 60, NULL);
	if (rc == DK_EPERM) /* disclosure refused (no text) or restricted: a human answers */
		rc = desk_ticket_reply(ws, tid, reply, 0, 0, t + 60, NULL);
	if (rc)
		return rc;
	if (rnd(r) % 2 && (rc = desk_ticket_note(ws, tid, PICK(r, notes), 0, t + 120, NULL)))
		return rc;
	dk_time verified = DK_TIME_NONE;
	if (!strncmp(kind, "data-", 5)) {
		/* Some requests wait for proof of identity (the clock pauses
		 * where the rule allows); most are verified within days. */
		if (rnd(r) % 3 == 0) {
			rc = desk_ticket_event(ws, tid, event_type_name(EV_CLOCK_PAUSED), "identity: waiting for proof of identity", 0,
					       t + 1800);
			if (rc == DK_EPERM) /* the rule allows no such pause */
				rc = 0;
			if (rc)
				return rc;
			dk_time back = t + 3 * 86400;
			if (back < now && (age > 10 * 86400 || rnd(r) % 2)) {
				if ((rc = desk_ticket_event(ws, tid, event_type_name(EV_IDENTITY_VERIFIED), NULL, 0, back)))
					return rc;
				verified = back;
			}
		} else if (rnd(r) % 2 && (rc = desk_ticket_event(ws, tid, event_type_name(EV_IDENTITY_VERIFIED), NULL, 0, t + 3600))) {
			return rc;
		}
	}
	/* Finish older tickets; leave the recent ones at every stage. */
	dk_time days = age / 86400;
	int finish = days > 90 ? 1 : days > 40 ? rnd(r) % 8 != 0 : days > 10 ? rnd(r) % 2 : rnd(r) % 6 == 0;
	if (ticket_kind_is(kind, KIND_COMPLAINT) && days > 20 && rnd(r) % 4 == 0) {
		if ((rc = desk_ticket_event(ws, tid, event_type_name(EV_ESCALATED), "team lead", 0, t + 2 * 86400)))
			return rc;
	}
	int extend = !strcmp(kind, "data-access") && days > 25 && rnd(r) % 5 == 0;
	dk_time done = DK_TIME_NONE;
	if (finish) {
		done = created + (dk_time)rnd_in(r, 2, days > 60 ? 45 : days > 3 ? days - 1 : 2) * 86400;
		/* the answer comes after the identity arrived (a clock that
		 * starts again then runs from it) */
		if (verified != DK_TIME_NONE && done < verified + 3600)
			done = verified + 3600;
		if (done > now)
			done = now;
	}
	/* an extension is told to the person by the final reply: only
	 * before it */
	if (extend && (!finish || done > t + 20 * 86400)) {
		if ((rc = desk_ticket_event(ws, tid, event_type_name(EV_EXTENDED), "numerous requests", 0, t + 20 * 86400)) &&
		    rc != DK_EPERM)
			return rc;
		rc = 0;
	}
	if (finish) {
		/* the final reply is the evidence that met the duties */
		struct message m = { 0 };
		if ((rc = desk_ticket_reply(ws, tid, replies[3], 0, 0, done, &m)))
			return rc;
		struct resolve_plan plan = { .met_by = m.id };
		message_clear(&m);
		rc = desk_ticket_resolve(ws, tid, NULL, &plan, 0, done + 60);
		if (rc == DK_EINVAL) {
			/* a duty started after that reply (a clock that an
			 * identity check or an escalation started again at a
			 * later time): the ticket stays open, as it would for
			 * an agent */
			err_clear();
			return 0;
		}
		if (rc)
			return rc;
		if (days > 60 && rnd(r) % 2)
			rc = desk_ticket_set(ws, tid, "status", ticket_status_name(TS_CLOSED), 0, done + 86400);
	} else if (rnd(r) % 4 == 0) {
		rc = desk_ticket_set(ws, tid, "status", ticket_status_name(TS_PENDING), 0, t + 300);
	}
	return rc;
}

int demo_populate(struct workspace *ws, const struct demo_opts *o)
{
	struct rng r = { .s = 0x6a09e667f3bcc908ULL ^ o->seed };
	dk_time start = o->now - 2 * 365 * 86400LL;
	char *admin = xstrdup(ws->login);
	int admin_role = ws->role;
	int64_t *cust = NULL;
	dk_time *joined = NULL;
	struct legal_rev *revs = NULL;
	size_t nrevs = 0;
	/* the demo business is FCA-regulated, a payment firm and an ASIC
	 * licensee, so that it shows those duties too (core/facts.h) */
	int rc = ws_config_set(ws, WS_REGULATED_KEY, "fca, payment-services, asic", NULL, NULL);
	/* the customer's copy names the controller (GDPR Art 15(1)) */
	if (!rc)
		rc = ws_config_set(ws, "processing.controller",
				   "Demo Shop Ltd, 1 Example Street, London EC1A 1AA, United Kingdom", NULL, NULL);
	if (!rc)
		rc = ws_config_set(ws, "processing.contact", "privacy@demo-shop.example (data protection officer)", NULL,
				   NULL);
	if (!rc)
		rc = add_agents(ws, start);
	if (!rc)
		rc = demo_terms(ws, start, o->now, o->seed, &revs, &nrevs);
	/* the same actions as one by one, in batches (core/workspace.h) */
	int batch = 0;
	/* a new workspace, made again by running the demo again: its batches
	 * need no fsync until the end (data/store.h) */
	if (!rc)
		rc = ws_batch_unsynced(ws);
	if (!rc && !(rc = ws_batch_begin(ws)))
		batch = 1;
	if (!rc)
		rc = make_customers(ws, &r, o, start, &cust, &joined);
	if (!rc)
		rc = demo_acceptances(ws, &r, cust, joined, o->customers, revs, nrevs, o->now);
	for (int64_t i = 0; !rc && i < o->tickets; i++) {
		if (i && i % DEMO_BATCH == 0 && (rc = ws_batch_commit(ws)))
			break;
		int64_t ci = rnd_in(&r, 0, o->customers - 1);
		/* tickets lean towards the recent months */
		dk_time lo = joined[ci] > start ? joined[ci] : start;
		dk_time span = o->now - lo;
		uint64_t u = rnd(&r) % 1000;
		dk_time created = o->now - (dk_time)((double)span * (double)(u * u) / 1e6) - (dk_time)rnd_in(&r, 0, 3600);
		if (created < lo)
			created = lo;
		const char *kind = pick_kind(&r);
		const struct kind_text *kt = kind_text(kind);
		struct ticket_new req = { .customer_id = cust[ci], .subject = PICK(&r, kt->subjects),
					  .kind = kind, .channel = rnd(&r) % 4 ? "email" : "web", .body = PICK(&r, kt->bodies) };
		int64_t tid;
		act_as(ws, admin, admin_role);
		if ((rc = desk_ticket_new(ws, &req, created, &tid)))
			break;
		rc = work_ticket(ws, &r, tid, kind, created, o->now);
	}
	act_as(ws, admin, admin_role);
	if (!rc) {
		int changed;
		if (!(rc = ws_begin(ws))) {
			rc = obligations_mark_breached(ws, 0, o->now, &changed);
			rc = rc ? (ws_rollback(ws), rc) : ws_commit(ws);
		}
	}
	if (batch) {
		int erc = ws_batch_end(ws, !rc);
		if (!rc)
			rc = erc;
	}
	legal_revs_free(revs, nrevs);
	free(admin);
	free(cust);
	free(joined);
	return rc;
}
