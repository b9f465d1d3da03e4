/* jurisdiction.h - customer jurisdiction codes: ISO 3166-1 alpha-2,
 * optionally with an ISO 3166-2 subdivision ("DE", "GB", "US-CA"). */
#ifndef DOCKET_JURISDICTION_H
#define DOCKET_JURISDICTION_H

/* 0 if code is a known country, optionally "-" plus a 1-3 character
 * subdivision (letters/digits); for US, CA and BR the subdivision must be
 * a real state/province. DK_EINVAL with "jurisdiction: X: ..." otherwise.
 * Lower case is accepted; norm (>= 8 bytes) receives the upper-case form. */
int jurisdiction_check(const char *code, char *norm, unsigned normsz);

/* 1 when code passes jurisdiction_check() and is already upper case (the
 * form the rule pack writes), 0 otherwise; sets no error. */
int jurisdiction_code_valid(const char *code);

#endif
