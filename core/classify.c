/* classify.c - request kinds from the pack's phrases (classify.h). */
#include "core/classify.h"

#include "lib/buf.h"
#include "lib/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The base letter(s) of a Latin code point, or NULL to keep it as is. */
static const char *fold(uint32_t c)
{
	if (c >= 0x300 && c <= 0x36f)
		return ""; /* combining accents */
	switch (c) {
	case 0xdf: return "ss";
	case 0xe6: case 0xc6: return "ae";
	case 0x153: case 0x152: return "oe";
	case 0xf8: case 0xd8: return "o";
	case 0xe7: case 0xc7: return "c";
	case 0xf1: case 0xd1: return "n";
	case 0xfd: case 0xff: case 0xdd: return "y";
	case 0x2019: case 0x2018: case 0xb4: return " "; /* typographic apostrophes */
	}
	if ((c >= 0xe0 && c <= 0xe5) || (c >= 0xc0 && c <= 0xc5) || (c >= 0x100 && c <= 0x105))
		return "a";
	if ((c >= 0xe8 && c <= 0xeb) || (c >= 0xc8 && c <= 0xcb) || (c >= 0x112 && c <= 0x11b))
		return "e";
	if ((c >= 0xec && c <= 0xef) || (c >= 0xcc && c <= 0xcf) || (c >= 0x128 && c <= 0x131))
		return "i";
	if ((c >= 0xf2 && c <= 0xf6) || (c >= 0xd2 && c <= 0xd6) || (c >= 0x14c && c <= 0x151))
		return "o";
	if ((c >= 0xf9 && c <= 0xfc) || (c >= 0xd9 && c <= 0xdc) || (c >= 0x168 && c <= 0x173))
		return "u";
	return NULL;
}

/* Decode one UTF-8 sequence at s (n bytes left): code point and length;
 * a bad byte decodes as itself with length 1. */
static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c = s[0];
	size_t l = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
	if (l > n)
		l = 1;
	if (l > 1) {
		c &= 0xff >> (l + 1);
		for (size_t i = 1; i < l; i++) {
			if ((s[i] & 0xc0) != 0x80) {
				*len = 1;
				return s[0];
			}
			c = (c << 6) | (s[i] & 0x3f);
		}
	}
	*len = l;
	return c;
}

/* Common endings of the seven languages, longest first: one is dropped
 * from a word when at least 3 letters stay (plurals, verb forms, nouns of
 * action: "deletion" and "delete", "verwijdering" and "verwijderen"). */
static const char *const endings[] = {
	"aciones", "azione", "azioni", "amento", "imento", "ations", "acion", "acao", "ation", "ement", "ungen", "ieren",
	"ering", "ingen", "ando", "endo", "ions", "ing", "ung", "ion", "are", "ere", "ire", "ate", "ati", "ato",
	"ata", "ado", "ada", "ido", "ida", "ais", "ait", "ons", "ent", "es", "ed", "en", "er", "ar", "ir", "ez",
	"ee", "os", "as", "em", "e", "s", "a", "o", "n", "i", NULL
};

static void stem(struct buf *out, const char *w, size_t len)
{
	for (const char *const *e = endings; *e; e++) {
		size_t el = strlen(*e);
		if (len >= el + 3 && !memcmp(w + len - el, *e, el)) {
			len -= el;
			break;
		}
	}
	buf_add(out, w, len);
}

char *classify_normalise(const char *text)
{
	struct buf folded = BUF_INIT, out = BUF_INIT;
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	size_t n = strlen((const char *)s);
	for (size_t i = 0; i < n;) {
		size_t l;
		uint32_t c = utf8_next(s + i, n - i, &l);
		const char *f = c >= 0x80 ? fold(c) : NULL;
		if (f)
			buf_adds(&folded, f);
		else if (c < 0x80)
			buf_addc(&folded, (c >= 'A' && c <= 'Z') ? (char)(c + 32)
					  : ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ? (char)c : ' ');
		else if (c >= 0x2000 && c <= 0x206f)
			buf_addc(&folded, ' '); /* general punctuation: dashes, quotes */
		else
			buf_add(&folded, (const char *)s + i, l); /* other letters as they are */
		i += l;
	}
	const char *p = buf_str(&folded);
	while (*p) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (!len)
			break;
		if (out.len)
			buf_addc(&out, ' ');
		stem(&out, p, len);
		p += len;
	}
	buf_release(&folded);
	if (!out.len) {
		buf_release(&out);
		return xstrdup("");
	}
	return buf_detach(&out);
}

/* Split a normalised string into words (pointers into a copy). */
static size_t words_of(char *s, char ***out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	for (char *w = strtok(s, " "); w; w = strtok(NULL, " ")) {
		ARRAY_GROW(*out, cap, n + 1);
		(*out)[n++] = w;
	}
	return n;
}

static int match_words(char **t, size_t nt, char **p, size_t np, size_t *start, size_t *end)
{
	if (!np)
		return 0;
	for (size_t i = 0; i < nt; i++) {
		if (strcmp(t[i], p[0]))
			continue;
		size_t at = i, k = 1;
		for (; k < np; k++) {
			size_t j = at + 1, lim = at + 1 + CLASSIFY_GAP;
			while (j < nt && j <= lim && strcmp(t[j], p[k]))
				j++;
			if (j >= nt || j > lim)
				break;
			at = j;
		}
		if (k == np) {
			if (start)
				*start = i;
			if (end)
				*end = at;
			return 1;
		}
	}
	return 0;
}

/* A concept phrase "delete|erase + data|account": one word of each group
 * within CLASSIFY_WINDOW words, in any order. groups[g] holds the
 * normalised alternatives of group g, separated by single spaces. */
static int match_concept(char **t, size_t nt, char **groups, size_t ng, size_t *start, size_t *end)
{
	if (!ng)
		return 0;
	for (size_t i = 0; i < nt; i++) {
		/* a window starting at word i: every group found in it */
		size_t lo = i, hi = i;
		int all = 1, first_hit = 0;
		for (size_t g = 0; g < ng && all; g++) {
			int found = 0;
			for (size_t j = i; j < nt && j < i + CLASSIFY_WINDOW(ng) && !found; j++) {
				char *alts = xstrdup(groups[g]);
				for (char *a = strtok(alts, " "); a && !found; a = strtok(NULL, " "))
					if (!strcmp(a, t[j])) {
						found = 1;
						if (j == i)
							first_hit = 1;
						if (j > hi)
							hi = j;
					}
				free(alts);
			}
			all = found;
		}
		if (all && first_hit) {
			if (start)
				*start = lo;
			if (end)
				*end = hi;
			return 1;
		}
	}
	return 0;
}

/* Split "a|b + c|d" into normalised groups "a b", "c d"; 0 when the
 * phrase is not a concept phrase (no " + "). */
static size_t concept_groups(const char *phrase, char ***out)
{
	*out = NULL;
	if (!strstr(phrase, " + "))
		return 0;
	size_t n = 0, cap = 0;
	const char *p = phrase;
	while (*p) {
		const char *plus = strstr(p, " + ");
		size_t len = plus ? (size_t)(plus - p) : strlen(p);
		char *grp = xstrndup(p, len);
		for (char *c = grp; *c; c++)
			if (*c == '|')
				*c = ' ';
		char *norm = classify_normalise(grp);
		free(grp);
		ARRAY_GROW(*out, cap, n + 1);
		(*out)[n++] = norm;
		p += len;
		if (plus)
			p += 3;
	}
	return n;
}

int classify_match_norm(const char *text_norm, const char *phrase_norm, size_t *start, size_t *end)
{
	char *tc = xstrdup(text_norm), *pc = xstrdup(phrase_norm);
	char **t, **p;
	size_t nt = words_of(tc, &t), np = words_of(pc, &p);
	int r = match_words(t, nt, p, np, start, end);
	free(t);
	free(p);
	free(tc);
	free(pc);
	return r;
}

struct cand {
	struct classification c;
	size_t start;
	size_t order;
	int concept; /* a concept phrase: after a literal one of as many words */
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	/* a literal phrase before a concept phrase: it is the specific one */
	if (x->concept != y->concept)
		return x->concept - y->concept;
	if (x->c.words != y->c.words)
		return x->c.words > y->c.words ? -1 : 1;
	/* as long: a rule of one kind says more than a rule of several
	 * (ccpa-response covers access, deletion and correction) */
	int xm = x->c.rule->napplies > 1, ym = y->c.rule->napplies > 1;
	if (xm != ym)
		return xm - ym;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

int classify_text(const struct rule_pack *p, const char *text, struct classification **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!p || !text)
		return 0;
	char *norm = classify_normalise(text);
	char **t;
	size_t nt = words_of(norm, &t);
	struct cand *v = NULL;
	size_t nv = 0, cap = 0, order = 0;
	for (size_t i = 0; i < rule_pack_count(p); i++) {
		const struct rule *r = rule_pack_get(p, i);
		if (r->automated || !r->napplies)
			continue;
		for (size_t k = 0; k < r->nphrases; k++, order++) {
			char *pn = classify_normalise(r->phrases[k]);
			char *pc = xstrdup(pn);
			char **pw, **groups;
			size_t np = words_of(pc, &pw), s, e, ng = concept_groups(r->phrases[k], &groups);
			int hit = ng ? match_concept(t, nt, groups, ng, &s, &e) : match_words(t, nt, pw, np, &s, &e);
			if (ng)
				np = ng;
			for (size_t g = 0; g < ng; g++)
				free(groups[g]);
			free(groups);
			if (hit) {
				/* one candidate per kind: keep the better one */
				struct cand c = { .c = { .rule = r, .kind = r->applies[0], .phrase = r->phrases[k],
							 .words = np },
						  .start = s, .order = order, .concept = ng > 0 };
				size_t j = 0;
				while (j < nv && strcmp(v[j].c.kind, c.c.kind))
					j++;
				if (j == nv || cand_cmp(&c, &v[j]) < 0) {
					struct buf m = BUF_INIT;
					for (size_t w = s; w <= e; w++)
						buf_printf(&m, "%s%s", w > s ? " " : "", t[w]);
					c.c.matched = buf_detach(&m);
					if (j == nv) {
						ARRAY_GROW(v, cap, nv + 1);
						nv++;
					} else {
						free(v[j].c.matched);
					}
					v[j] = c;
				}
			}
			free(pw);
			free(pc);
			free(pn);
		}
	}
	free(t);
	free(norm);
	if (nv)
		qsort(v, nv, sizeof(*v), cand_cmp);
	if (nv) {
		*out = xcalloc(nv, sizeof(**out));
		for (size_t i = 0; i < nv; i++)
			(*out)[i] = v[i].c;
	}
	*n = nv;
	free(v);
	return 0;
}

void classifications_free(struct classification *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++)
		free(c[i].matched);
	free(c);
}
