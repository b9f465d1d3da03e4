/* jurisdiction.c - validation of ISO 3166 country and subdivision codes:
 * the one table for customers (jurisdiction_check) and the rule pack
 * (jurisdiction_code_valid, via rule_jurisdiction_code_valid). */
#include "core/jurisdiction.h"
#include "lib/err.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* ISO 3166-1 alpha-2, plus XK (Kosovo: user-assigned, but in common use
 * and in the EU's lists). */
static const char countries[] =
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS "
	"BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE "
	"EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM "
	"HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC "
	"LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
	"NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO "
	"TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW ";
static const char us_states[] =
	"AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
	"NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP ";
static const char ca_provinces[] = "AB BC MB NB NL NS NT NU ON PE QC SK YT ";
static const char br_states[] =
	"AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO ";

static int in_words(const char *list, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = list; *p;) {
		const char *sp = strchr(p, ' ');
		if ((size_t)(sp - p) == n && !strncmp(p, w, n))
			return 1;
		p = sp + 1;
	}
	return 0;
}

enum verdict { J_OK, J_SHAPE, J_COUNTRY, J_FORM, J_SUB, J_SUBDIV };

/* The verdict on code; up receives the upper-case form. */
static enum verdict classify(const char *code, char up[16])
{
	size_t n = code ? strlen(code) : 0;
	if (n < 2 || n >= 16)
		return J_SHAPE;
	for (size_t i = 0; i <= n; i++)
		up[i] = (char)toupper((unsigned char)code[i]);
	char cc[3] = { up[0], up[1], 0 };
	if (!isalpha((unsigned char)cc[0]) || !isalpha((unsigned char)cc[1]) || !in_words(countries, cc))
		return J_COUNTRY;
	if (n > 2) {
		const char *sub = up + 3;
		size_t sl = strlen(sub);
		if (up[2] != '-' || sl < 1 || sl > 3)
			return J_FORM;
		for (size_t i = 0; i < sl; i++)
			if (!isalnum((unsigned char)sub[i]))
				return J_SUB;
		const char *list = !strcmp(cc, "US") ? us_states : !strcmp(cc, "CA") ? ca_provinces
								   : !strcmp(cc, "BR") ? br_states : NULL;
		if (list && !in_words(list, sub))
			return J_SUBDIV;
	}
	return J_OK;
}

int jurisdiction_check(const char *code, char *norm, unsigned normsz)
{
	char up[16];
	switch (classify(code, up)) {
	case J_SHAPE:
		return err_set(DK_EINVAL, "jurisdiction: %s: expected a country code such as DE, GB or US-CA",
			       code ? code : "");
	case J_COUNTRY:
		return err_set(DK_EINVAL, "jurisdiction: %s: unknown country code (ISO 3166-1 alpha-2, e.g. DE)", code);
	case J_FORM:
		return err_set(DK_EINVAL, "jurisdiction: %s: expected CC or CC-SUB (e.g. US-CA)", code);
	case J_SUB:
		return err_set(DK_EINVAL, "jurisdiction: %s: bad subdivision", code);
	case J_SUBDIV:
		return err_set(DK_EINVAL, "jurisdiction: %s: unknown subdivision of %.2s", code, up);
	case J_OK:
		break;
	}
	if (norm)
		snprintf(norm, normsz, "%s", up);
	return 0;
}

int jurisdiction_code_valid(const char *code)
{
	char up[16];
	return classify(code, up) == J_OK && !strcmp(up, code);
}
