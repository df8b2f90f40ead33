/*
 * smtp.h: handing messages to the council's relay with libcurl. TLS is never optional:
 * STARTTLS required (CURLUSESSL_ALL) or implicit TLS (smtps://), TLS 1.2 or later, the relay's
 * certificate and host name verified (against the configured CA file). One easy handle per
 * session, so the connection is reused from one message to the next; one recipient per SMTP
 * transaction. The server's final reply to each message is kept for the send log.
 */
#ifndef PEPKIT_SMTP_H
#define PEPKIT_SMTP_H

#include "core/pepkit.h"

typedef struct smtp_session smtp_session;

/* What happened to one message. */
enum smtp_result {
	SMTP_SENT = 0,     /* the relay accepted it (final 2xx) */
	SMTP_FAILED = 1,   /* not taken: connection, TLS, authentication or a 4xx/5xx reply */
	SMTP_UNKNOWN = 2   /* the connection was lost after the message data began: the relay may
	                    * or may not have taken it */
};

/* Settings for a session (strings are copied). */
typedef struct smtp_config {
	const char *host;
	int port;
	int implicit_tls;     /* 1: smtps://; 0: smtp:// with STARTTLS required */
	const char *ca_file;  /* NULL or "": the system's store */
	const char *username; /* NULL or "": no authentication */
	const char *password;
	const char *helo;     /* the name given in EHLO (the sender's domain) */
	long timeout;         /* seconds for one message, 0: 120; also the wait to connect and be
	                       * greeted when under 30 (else 30) */
} smtp_config;

/* A new session (no connection is made until the first smtp_send). NULL with err set when
 * libcurl cannot be set up. */
smtp_session *smtp_open(const smtp_config *cfg, pk_error *err);
/* Close the connection and free. Accepts NULL. */
void smtp_close(smtp_session *s);

/*
 * Send one message (len bytes, CRLF line ends) from from to rcpt. Returns the result; reply
 * (size bytes) gets the relay's final reply line ("250 2.0.0 Ok: queued as ...") for SMTP_SENT,
 * or the reason for the others ("no TLS: the relay does not offer STARTTLS", "the relay's
 * certificate did not verify: ..."). Never blocks longer than the configured timeout.
 */
enum smtp_result smtp_send(smtp_session *s, const char *from, const char *rcpt, const char *msg,
			   size_t len, char *reply, size_t size);

/* 1 if the last smtp_send() ended because the relay did not answer in time (connecting, the
 * greeting, or any reply of the dialogue), else 0: a caller with more messages for the same
 * relay stops rather than wait that long for each. */
int smtp_timed_out(const smtp_session *s);

#endif
