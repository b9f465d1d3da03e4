/* front.h - the mail front end: `docket mail ...` (in, flush, queue,
 * quarantine, show, attachments) and the delivery of what a command
 * queued. The only folder that includes GMime; it reaches the domain
 * through core/ (core/mail.h). */
#ifndef DOCKET_MAIL_FRONT_H
#define DOCKET_MAIL_FRONT_H

struct workspace;

/* `docket [--workspace DIR] [--as LOGIN] mail SUB ...`; argv[0] is "mail".
 * The program docket-mail (mail/bin.c) runs it; ./docket executes that
 * program for `mail` and, after a reply queued mail, for `mail
 * send-queued [--quiet]` (main.c).
 * Returns the process exit code: `mail in` uses sysexits.h (0 taken, 75
 * try again later, 64 usage); the others 0, 1 failed, 2 usage. */
int mail_main(const char *ws_dir, const char *as_login, int argc, char **argv);

/* After a commit that queued mail (a reply; core/mail.h calls it once
 * main.c registered it): hand what is queued to the sendmail command now;
 * unless quiet, one line on stderr when something was not accepted. ws
 * may be NULL (nothing to do). */
void mail_send_queued(struct workspace *ws, int quiet);

#endif
