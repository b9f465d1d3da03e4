/* classify.c - request kinds from the pack's phrases (classify.h). */
#include "core/classify.h"

#include "lib/buf.h"
#include "lib/util.h"

#include <stdint.h>
#include <stdio.h>
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

static char *normalise(const char *text, int stemmed)
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
		if (stemmed)
			stem(&out, p, len);
		else
			buf_add(&out, p, len);
		p += len;
	}
	buf_release(&folded);
	if (!out.len) {
		buf_release(&out);
		return xstrdup("");
	}
	return buf_detach(&out);
}

char *classify_normalise(const char *text)
{
	return normalise(text, 1);
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

/* A text's words twice: normalised (stems) and only folded (case and
 * accents), position for position. */
struct words {
	char *sbuf, *fbuf;
	char **stem, **fold;
	size_t n;
	unsigned char *place; /* an account named as a place: "from my account" */
};

static int tok_match(const char *tok, const char *stemw, const char *foldw);
static const char *concept_compiled(const char *name, size_t len);

/* "delete a saved card from my account": the account is where the thing
 * is, not what is to go. Such a word stands for no group of a concept
 * phrase. From-words of the languages where they are not also "of"
 * (French and Spanish "de" are both). */
static void mark_places(struct words *w)
{
	static const char *const from[] = { "from", "aus", "von", "vom", "uit", "dal", "dalla", "dallo", NULL };
	static const char *const between[] = { "my", "your", "the", "meinem", "meiner", "ihrem", "ihrer", "dem", "der",
						"mijn", "uw", "jullie", "het", "de", "mio", "mia", "vostro", "vostra", NULL };
	const char *acc = concept_compiled("account", 7);
	w->place = xcalloc(w->n ? w->n : 1, 1);
	if (!acc)
		return;
	for (size_t j = 0; j < w->n; j++) {
		char *toks = xstrdup(acc), **tv;
		size_t nt = words_of(toks, &tv);
		int is_acc = 0;
		for (size_t k = 0; k < nt && !is_acc; k++)
			is_acc = tok_match(tv[k], w->stem[j], w->fold[j]);
		free(tv);
		free(toks);
		for (size_t back = 1; is_acc && back <= 3 && back <= j; back++) {
			const char *f = w->fold[j - back];
			int hit = 0, skip = 0;
			for (const char *const *x = from; *x && !hit; x++)
				hit = !strcmp(*x, f);
			if (hit) {
				w->place[j] = 1;
				break;
			}
			for (const char *const *x = between; *x && !skip; x++)
				skip = !strcmp(*x, f);
			if (!skip)
				break;
		}
	}
}

static void words_load(struct words *w, const char *text)
{
	w->sbuf = normalise(text, 1);
	w->fbuf = normalise(text, 0);
	w->n = words_of(w->sbuf, &w->stem);
	size_t nf = words_of(w->fbuf, &w->fold);
	if (nf != w->n) /* cannot happen: a stem keeps at least 3 letters */
		w->n = nf < w->n ? nf : w->n;
	mark_places(w);
}

static void words_free(struct words *w)
{
	free(w->stem);
	free(w->fold);
	free(w->sbuf);
	free(w->fbuf);
	free(w->place);
}

static int match_words(const struct words *w, size_t from, char **p, size_t np, size_t *start, size_t *end)
{
	char **t = w->stem;
	size_t nt = w->n;
	if (!np)
		return 0;
	for (size_t i = from; i < nt; i++) {
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

/* -- concept phrases -- */

/* One alternative of a group, compiled: its weight (a digit), then '*'
 * + prefix (folded), '=' + word (folded), or the word's stem. */
static int tok_match(const char *tok, const char *stemw, const char *foldw)
{
	tok++; /* the weight digit */
	if (*tok == '*')
		return !strncmp(foldw, tok + 1, strlen(tok + 1));
	if (*tok == '=')
		return !strcmp(foldw, tok + 1);
	return !strcmp(stemw, tok);
}

/* Compile the alternatives "a|b*|=c|@name" into tokens separated by
 * single spaces, appended to g. A multi-word alternative is dropped (a
 * group matches one word); an unknown @name adds nothing (rules check
 * reports it). */
static void compile_alts(struct buf *g, const char *alts, int depth, int weight);

static const char *concept_compiled(const char *name, size_t len)
{
	/* the lexicon is static: each concept is compiled once */
	static struct {
		const char *alts;
		char *tokens;
	} cache[64];
	const char *alts = classify_concept(name, len);
	if (!alts)
		return NULL;
	for (size_t i = 0; i < sizeof(cache) / sizeof(cache[0]); i++) {
		if (cache[i].alts == alts)
			return cache[i].tokens;
		if (!cache[i].alts) {
			struct buf b = BUF_INIT;
			compile_alts(&b, alts, 1, classify_concept_weight(name, len));
			cache[i].alts = alts;
			cache[i].tokens = b.len ? buf_detach(&b) : xstrdup("");
			return cache[i].tokens;
		}
	}
	struct buf b = BUF_INIT; /* more concepts than slots: not cached */
	compile_alts(&b, alts, 1, classify_concept_weight(name, len));
	static char *spill;
	free(spill);
	spill = b.len ? buf_detach(&b) : xstrdup("");
	return spill;
}

static void compile_alts(struct buf *g, const char *alts, int depth, int weight)
{
	for (const char *a = alts; *a;) {
		size_t len = strcspn(a, "|");
		const char *x = a;
		size_t xl = len;
		while (xl && (*x == ' ' || *x == '\t'))
			x++, xl--;
		while (xl && (x[xl - 1] == ' ' || x[xl - 1] == '\t'))
			xl--;
		a += len + (a[len] == '|');
		if (!xl)
			continue;
		if (*x == '@') {
			const char *c = depth ? NULL : concept_compiled(x + 1, xl - 1);
			if (c && *c) {
				if (g->len)
					buf_addc(g, ' ');
				buf_adds(g, c);
			}
			continue;
		}
		char mark = 0;
		if (*x == '=')
			mark = '=', x++, xl--;
		else if (xl > 1 && x[xl - 1] == '*')
			mark = '*', xl--;
		char *raw = xstrndup(x, xl);
		char *w = normalise(raw, mark == 0);
		free(raw);
		if (*w && !strchr(w, ' ')) {
			if (g->len)
				buf_addc(g, ' ');
			buf_addc(g, (char)('0' + weight));
			if (mark)
				buf_addc(g, mark);
			buf_adds(g, w);
		}
		free(w);
	}
}

struct group {
	char *buf;
	char **tok;
	size_t n;
};

/* A concept phrase "delete|erase + @data": one word of each group
 * within CLASSIFY_WINDOW words, in any order, the first of them at the
 * window's start. */
static int match_concept(const struct words *w, size_t from, const struct group *groups, size_t ng, size_t *start,
			 size_t *end, int *score)
{
	if (!ng)
		return 0;
	for (size_t i = from; i < w->n; i++) {
		size_t hi = i, used[16], nused = 0;
		int all = ng <= 16, first_hit = 0, sc = 0;
		for (size_t g = 0; g < ng && all; g++) {
			int found = 0;
			for (size_t j = i; j < w->n && j < i + CLASSIFY_WINDOW(ng) && !found; j++) {
				int taken = w->place[j]; /* one word stands for one group only */
				for (size_t u = 0; u < nused; u++)
					taken |= used[u] == j;
				for (size_t a = 0; a < groups[g].n && !found && !taken; a++)
					if (tok_match(groups[g].tok[a], w->stem[j], w->fold[j])) {
						used[nused++] = j;
						sc += groups[g].tok[a][0] - '0';
						found = 1;
						if (j == i)
							first_hit = 1;
						if (j > hi)
							hi = j;
					}
			}
			all = found;
		}
		if (all && first_hit) {
			if (score)
				*score = sc;
			if (start)
				*start = i;
			if (end)
				*end = hi;
			return 1;
		}
	}
	return 0;
}

int classify_is_concept(const char *phrase)
{
	return strstr(phrase, " + ") || *phrase == '@' || strchr(phrase, '|');
}

/* Split "a|b + @c" into compiled groups; 0 when the phrase is not a
 * concept phrase. */
static size_t concept_groups(const char *phrase, struct group **out)
{
	*out = NULL;
	if (!classify_is_concept(phrase))
		return 0;
	size_t n = 0, cap = 0;
	const char *p = phrase;
	while (*p) {
		const char *plus = strstr(p, " + ");
		size_t len = plus ? (size_t)(plus - p) : strlen(p);
		char *grp = xstrndup(p, len);
		struct buf b = BUF_INIT;
		compile_alts(&b, grp, 0, 2); /* a plain word of the pack's own says 2 */
		free(grp);
		ARRAY_GROW(*out, cap, n + 1);
		(*out)[n].buf = b.len ? buf_detach(&b) : xstrdup("");
		(*out)[n].n = words_of((*out)[n].buf, &(*out)[n].tok);
		n++;
		p += len;
		if (plus)
			p += 3;
	}
	return n;
}

static void groups_free(struct group *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(g[i].tok);
		free(g[i].buf);
	}
	free(g);
}

int classify_phrase_check(const char *phrase, char *bad, size_t n)
{
	if (!classify_is_concept(phrase))
		return 0;
	for (const char *p = strchr(phrase, '@'); p; p = strchr(p + 1, '@')) {
		size_t len = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz-");
		if (!classify_concept(p + 1, len)) {
			snprintf(bad, n, "@%.*s", (int)(len < 40 ? len : 40), p + 1);
			return -1;
		}
	}
	return 0;
}

/* Negation before a match of one word ("no complaints", "keine
 * Beschwerde", "this is not a complaint"): the word is denied, not
 * asserted. Longer matches carry their own negation ("do not sell"). */
static int negated(const struct words *w, size_t start)
{
	const char *c = concept_compiled("no", 2);
	if (!c)
		return 0;
	/* "not a complaint", "pas de réclamation", "keine einzige": only
	 * articles may stand between ("pas été remboursée" is no denial) */
	static const char *const articles[] = { "a",  "an", "any", "the", "de",  "d",	"un",  "une", "una",
						"uno", "um", "uma", "een", "ein", "eine", "einen", "la", "le",
						"el",  "il", "lo",  "single", "einzige", NULL };
	for (size_t back = 1, skipped = 0; back <= start && skipped <= 2; back++) {
		const char *f = w->fold[start - back];
		char *toks = xstrdup(c);
		char **tv;
		size_t nt = words_of(toks, &tv);
		int hit = 0;
		for (size_t k = 0; k < nt && !hit; k++)
			hit = tok_match(tv[k], w->stem[start - back], f);
		free(tv);
		free(toks);
		if (hit)
			return 1;
		int article = 0;
		for (const char *const *a = articles; *a && !article; a++)
			article = !strcmp(*a, f);
		if (!article)
			return 0;
		skipped++;
	}
	return 0;
}

int classify_match_norm(const char *text_norm, const char *phrase_norm, size_t *start, size_t *end)
{
	struct words w;
	w.sbuf = xstrdup(text_norm);
	w.fbuf = xstrdup(text_norm);
	w.n = words_of(w.sbuf, &w.stem);
	words_of(w.fbuf, &w.fold);
	w.place = NULL;
	char *pc = xstrdup(phrase_norm);
	char **p;
	size_t np = words_of(pc, &p);
	int r = match_words(&w, 0, p, np, start, end);
	free(p);
	free(pc);
	words_free(&w);
	return r;
}

struct cand {
	struct classification c;
	size_t start;
	size_t order;
	int concept; /* a concept phrase: after a literal one of as many words */
	int score;   /* 2 a word of a literal phrase, a concept's weight a group */
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	/* the more words (or concepts) matched, the stronger the evidence;
	 * as many: a literal phrase before a concept phrase, it is the
	 * specific one */
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->concept != y->concept)
		return x->concept - y->concept;
	/* as strong: the denser evidence, fewer groups saying as much (a
	 * literal phrase of as high a score has as many words) */
	if (x->c.words != y->c.words)
		return x->c.words < y->c.words ? -1 : 1;
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
	struct words w;
	words_load(&w, text);
	struct cand *v = NULL;
	size_t nv = 0, cap = 0, order = 0;
	for (size_t i = 0; i < rule_pack_count(p); i++) {
		const struct rule *r = rule_pack_get(p, i);
		if (r->automated || !r->napplies)
			continue;
		for (size_t k = 0; k < r->nphrases; k++, order++) {
			struct group *groups;
			size_t ng = concept_groups(r->phrases[k], &groups), np = ng, s = 0, e = 0;
			char *pn = NULL, **pw = NULL;
			if (!ng) {
				pn = classify_normalise(r->phrases[k]);
				np = words_of(pn, &pw);
			}
			int hit = 0, score = (int)(2 * np);
			for (size_t from = 0; from < w.n; from = s + 1) {
				hit = ng ? match_concept(&w, from, groups, ng, &s, &e, &score)
				   : match_words(&w, from, pw, np, &s, &e);
				if (!hit || np > 1 || !negated(&w, s))
					break;
				hit = 0; /* "no complaints": look further on */
			}
			free(pw);
			free(pn);
			if (!hit) {
				groups_free(groups, ng);
				continue;
			}
			/* one candidate per kind: keep the better one */
			struct cand c = { .c = { .rule = r, .kind = r->applies[0], .phrase = r->phrases[k], .words = np },
					  .start = s, .order = order, .concept = ng > 0, .score = score };
			groups_free(groups, ng);
			size_t j = 0;
			while (j < nv && strcmp(v[j].c.kind, c.c.kind))
				j++;
			if (j == nv || cand_cmp(&c, &v[j]) < 0) {
				struct buf m = BUF_INIT, f = BUF_INIT;
				for (size_t x = s; x <= e; x++) {
					buf_printf(&m, "%s%s", x > s ? " " : "", w.stem[x]);
					buf_printf(&f, "%s%s", x > s ? " " : "", w.fold[x]);
				}
				c.c.matched = buf_detach(&m);
				c.c.text = buf_detach(&f);
				if (j == nv) {
					ARRAY_GROW(v, cap, nv + 1);
					nv++;
				} else {
					free(v[j].c.matched);
					free(v[j].c.text);
				}
				v[j] = c;
			}
		}
	}
	words_free(&w);
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
	for (size_t i = 0; c && i < n; i++) {
		free(c[i].matched);
		free(c[i].text);
	}
	free(c);
}
