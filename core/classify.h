/* classify.h - which kind of request an inbound text is, from the rule
 * pack's phrases (issue 12 item 5).
 *
 * Deterministic and explainable: the text and every phrase are normalised
 * the same way (case, accents, punctuation, simple inflections: one common
 * ending of each word is dropped, so "deleted", "deleting" and "delete"
 * meet, and "Löschung", "löschen" and "lösche" too), then a phrase matches
 * where its words occur in order with at most CLASSIFY_GAP other words
 * between two of them ("delete all of my data" matches "delete my data").
 * A concept phrase "delete|erase|remove + data|account" matches one word
 * of each group within CLASSIFY_WINDOW (6 words for two groups, 8 for
 * three), in any order ("my account
 * should be deleted"); it ranks after every literal phrase.
 * The suggestion names the phrase that matched and the words it matched
 * in the text. Languages are whatever the pack's phrases are written in;
 * the shipped pack covers English, German, French, Spanish, Italian, Dutch
 * and Portuguese. */
#ifndef DOCKET_CLASSIFY_H
#define DOCKET_CLASSIFY_H

#include <stddef.h>

#include "core/rules.h"

#define CLASSIFY_GAP 2
#define CLASSIFY_WINDOW(groups) (2 * (groups) + 2)

/* The concepts a phrase may name as @NAME in a group (classify_lexicon.c):
 * the alternatives of NAME (len bytes) in group syntax, or NULL. */
const char *classify_concept(const char *name, size_t len);
/* The weight of a concept's match in a phrase's score (classify_text). */
int classify_concept_weight(const char *name, size_t len);
/* Every concept's name, for messages ("erase, close, ..."). */
const char *classify_concept_names(void);
/* Is the phrase a concept phrase (groups joined by " + ", alternatives by
 * '|', or a lone @NAME)? */
int classify_is_concept(const char *phrase);
/* 0 when every @NAME of the phrase is a concept; else -1 with the first
 * unknown one copied into bad (n bytes). */
int classify_phrase_check(const char *phrase, char *bad, size_t n);

/* The normalised words of text, as one string of words separated by
 * single spaces (heap; caller frees). */
char *classify_normalise(const char *text);

/* Does the normalised phrase occur in the normalised text? *start and
 * *end (may be NULL) are the word positions it covers. */
int classify_match_norm(const char *text_norm, const char *phrase_norm, size_t *start, size_t *end);

struct classification {
	const struct rule *rule; /* the rule whose phrase matched */
	const char *kind;        /* its kind (the rule's first `applies`) */
	const char *phrase;      /* the phrase as written in the pack */
	char *matched;           /* the normalised words of the text it matched (heap) */
	char *text;              /* the same words as written, only case and accents
				    folded (heap): what to show for a concept phrase */
	size_t words;            /* how many words the phrase has */
};

/* Every kind the text is suggested for, best first (a literal phrase
 * before a concept phrase, then the phrase with the most words, then a
 * rule of one kind before a rule of several, then the earliest in the
 * text, then pack order); one entry
 * per kind; rules for automated replies are skipped. *out is a heap array;
 * free with classifications_free. Always returns 0. */
int classify_text(const struct rule_pack *p, const char *text, struct classification **out, size_t *n);
void classifications_free(struct classification *c, size_t n);

#endif
