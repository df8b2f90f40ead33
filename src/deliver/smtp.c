/*
 * smtp.c: the libcurl SMTP session (smtp.h). The debug callback watches the SMTP dialogue (never
 * the message data) to keep the relay's last reply and to know whether DATA had begun when a
 * connection was lost.
 */
#include "core/pepkit.h"
#include "deliver/smtp.h"
#include "core/curlso.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct smtp_session {
	const curlso *cu;      /* libcurl, loaded on first use */
	CURL *curl;
	struct curl_slist *rcpt;
	char errbuf[CURL_ERROR_SIZE];
	char last[512];        /* the last reply line seen */
	char refusal[512];     /* the last 4xx/5xx reply line seen ("550 5.1.1 no such user"):
				* a refused RCPT is followed by QUIT's "221", so last loses it */
	int data_started;      /* "DATA" was sent in this transaction */
	int timed_out;         /* the last send ended on a timeout */
	const char *msg;       /* the message being read out */
	size_t len, pos;
	char url[600];
	char from[300];
};

/* libcurl read callback: the message bytes. */
static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
	smtp_session *s = ud;
	size_t room = size * nmemb, n = s->len - s->pos;

	if (n > room)
		n = room;
	memcpy(ptr, s->msg + s->pos, n);
	s->pos += n;
	return n;
}

/* libcurl debug callback: keep the last reply line; note when DATA is sent. */
static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *ud)
{
	smtp_session *s = ud;

	(void)h;
	if (type == CURLINFO_HEADER_IN && size > 0) {
		size_t n = size;

		while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
			n--;
		if (n >= sizeof(s->last))
			n = sizeof(s->last) - 1;
		memcpy(s->last, data, n);
		s->last[n] = '\0';
		for (size_t i = 0; i < n; i++)   /* keep it one printable line */
			if ((unsigned char)s->last[i] < 0x20)
				s->last[i] = ' ';
		if (s->last[0] == '4' || s->last[0] == '5')
			memcpy(s->refusal, s->last, n + 1);
	} else if (type == CURLINFO_HEADER_OUT && size >= 4 && strncmp(data, "DATA", 4) == 0) {
		s->data_started = 1;
	}
	return 0;
}

smtp_session *smtp_open(const smtp_config *cfg, pk_error *err)
{
	const curlso *cu;
	smtp_session *s;
	long connect_s = cfg->timeout > 0 && cfg->timeout < 30 ? cfg->timeout : 30L;
	int ok;

	if (curlso_get(&cu, err) != PK_OK)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s != NULL)
		s->cu = cu;
	if (s == NULL || (s->curl = cu->easy_init()) == NULL) {
		free(s);
		pk_error_set(err, PK_ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(s->url, sizeof(s->url), "%s://%s:%d/%s", cfg->implicit_tls ? "smtps" : "smtp", cfg->host,
		 cfg->port, cfg->helo && cfg->helo[0] ? cfg->helo : "localhost");
	ok = s->cu->easy_setopt(s->curl, CURLOPT_URL, s->url) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps") == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_UPLOAD, 1L) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_READFUNCTION, read_cb) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_READDATA, s) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_DEBUGFUNCTION, debug_cb) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_DEBUGDATA, s) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_VERBOSE, 1L) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_ERRORBUFFER, s->errbuf) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT, connect_s) == CURLE_OK &&
	     s->cu->easy_setopt(s->curl, CURLOPT_TIMEOUT, cfg->timeout > 0 ? cfg->timeout : 120L) == CURLE_OK;
	if (ok && cfg->ca_file && cfg->ca_file[0])
		ok = s->cu->easy_setopt(s->curl, CURLOPT_CAINFO, cfg->ca_file) == CURLE_OK;
	if (ok && cfg->username && cfg->username[0])
		ok = s->cu->easy_setopt(s->curl, CURLOPT_USERNAME, cfg->username) == CURLE_OK &&
		     s->cu->easy_setopt(s->curl, CURLOPT_PASSWORD, cfg->password ? cfg->password : "") == CURLE_OK;
	if (!ok) {
		pk_error_set(err, PK_EINTERNAL, "libcurl lacks SMTP over TLS support");
		smtp_close(s);
		return NULL;
	}
	return s;
}

void smtp_close(smtp_session *s)
{
	if (s == NULL)
		return;
	s->cu->easy_cleanup(s->curl);
	s->cu->slist_free_all(s->rcpt);
	free(s);
}

enum smtp_result smtp_send(smtp_session *s, const char *from, const char *rcpt, const char *msg,
			   size_t len, char *reply, size_t size)
{
	CURLcode cc;
	struct curl_slist *l;
	char mailfrom[320], to[320];
	long code = 0;

	snprintf(mailfrom, sizeof(mailfrom), "<%s>", from);
	snprintf(to, sizeof(to), "<%s>", rcpt);
	l = s->cu->slist_append(NULL, to);
	if (l == NULL) {
		snprintf(reply, size, "out of memory");
		return SMTP_FAILED;
	}
	s->cu->slist_free_all(s->rcpt);
	s->rcpt = l;
	s->msg = msg;
	s->len = len;
	s->pos = 0;
	s->last[0] = '\0';
	s->refusal[0] = '\0';
	s->errbuf[0] = '\0';
	s->data_started = 0;
	s->timed_out = 0;
	s->cu->easy_setopt(s->curl, CURLOPT_MAIL_FROM, mailfrom);
	s->cu->easy_setopt(s->curl, CURLOPT_MAIL_RCPT, s->rcpt);
	s->cu->easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	cc = s->cu->easy_perform(s->curl);
	s->cu->easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	if (cc == CURLE_OK) {
		snprintf(reply, size, "%s", s->last[0] ? s->last : "250");
		return SMTP_SENT;
	}
	s->timed_out = cc == CURLE_OPERATION_TIMEDOUT;
	switch (cc) {
	case CURLE_USE_SSL_FAILED:
		snprintf(reply, size, "no TLS: the relay does not offer STARTTLS; nothing sent");
		return SMTP_FAILED;
	case CURLE_PEER_FAILED_VERIFICATION:
#if LIBCURL_VERSION_NUM < 0x073e00
	case CURLE_SSL_CACERT:
#endif
	case CURLE_SSL_CACERT_BADFILE:
		snprintf(reply, size, "TLS: the relay's certificate did not verify (%s); nothing sent",
			 s->errbuf[0] ? s->errbuf : s->cu->easy_strerror(cc));
		return SMTP_FAILED;
	case CURLE_SSL_CONNECT_ERROR:
		snprintf(reply, size, "TLS: handshake with the relay failed (TLS 1.2 or later is required: %s); nothing sent",
			 s->errbuf[0] ? s->errbuf : s->cu->easy_strerror(cc));
		return SMTP_FAILED;
	default:
		break;
	}
	if (s->data_started && s->last[0] && (s->last[0] == '4' || s->last[0] == '5') && code >= 400) {
		snprintf(reply, size, "refused by the relay: %s", s->last);
		return SMTP_FAILED;
	}
	if (s->data_started && (cc == CURLE_SEND_ERROR || cc == CURLE_RECV_ERROR || cc == CURLE_GOT_NOTHING ||
				cc == CURLE_OPERATION_TIMEDOUT || cc == CURLE_WEIRD_SERVER_REPLY ||
				cc == CURLE_PARTIAL_FILE || cc == CURLE_ABORTED_BY_CALLBACK)) {
		snprintf(reply, size, "connection lost after the message data began (%s): the relay may or may not have taken it",
			 s->errbuf[0] ? s->errbuf : s->cu->easy_strerror(cc));
		return SMTP_UNKNOWN;
	}
	if (s->refusal[0])   /* the relay's own words, not only libcurl's "RCPT failed: 550" */
		snprintf(reply, size, "refused by the relay: %s", s->refusal);
	else
		snprintf(reply, size, "%s", s->errbuf[0] ? s->errbuf : s->cu->easy_strerror(cc));
	return SMTP_FAILED;
}

int smtp_timed_out(const smtp_session *s)
{
	return s != NULL && s->timed_out;
}
