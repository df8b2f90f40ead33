/*
 * dav.c: WebDAV deposit with libcurl (see dav.h). One easy handle per target, reused, so the
 * TLS session and connection are kept across documents. TLS verification cannot be turned off:
 * there is no option for it.
 */
#include "core/pepkit.h"
#include "archive/dav.h"
#include "core/curlso.h"

#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_CHILDREN_SEEN 64

struct dav_target {
	const curlso *cu;      /* libcurl, loaded on first use */
	CURL *curl;
	char base[2048];
	char cred[512];
	char cacert[2048];
	char errbuf[CURL_ERROR_SIZE];
	char seen[MAX_CHILDREN_SEEN][72];   /* children whose folder was made (a small ring) */
	int nseen;
	int timed_out;   /* the last request ended because the server did not answer in time */
};

/* An upload in memory. */
struct src {
	const char *p;
	size_t len, pos;
};

/* What HEAD reported. */
struct head {
	char checksum[80];   /* OC-Checksum SHA256 hex, lower case, or "" */
};

static size_t read_cb(char *buf, size_t size, size_t n, void *ctx)
{
	struct src *s = ctx;
	size_t want = size * n, left = s->len - s->pos;

	if (want > left)
		want = left;
	memcpy(buf, s->p + s->pos, want);
	s->pos += want;
	return want;
}

static size_t discard_cb(char *buf, size_t size, size_t n, void *ctx)
{
	(void)buf;
	(void)ctx;
	return size * n;
}

/* A read-back compared with the bytes sent, as it streams in. */
struct cmp {
	const char *p;
	size_t len, pos;
	int differs;
};

static size_t cmp_cb(char *buf, size_t size, size_t n, void *ctx)
{
	struct cmp *c = ctx;
	size_t got = size * n;

	if (c->differs || got > c->len - c->pos || memcmp(c->p + c->pos, buf, got) != 0)
		c->differs = 1;
	else
		c->pos += got;
	return got;
}

/* Header callback: keep an "OC-Checksum: SHA256:hex" value (Nextcloud/ownCloud report it). */
static size_t header_cb(char *buf, size_t size, size_t n, void *ctx)
{
	struct head *h = ctx;
	size_t len = size * n;
	static const char key[] = "oc-checksum:";

	if (len > sizeof(key) && strncasecmp(buf, key, sizeof(key) - 1) == 0) {
		const char *v = buf + sizeof(key) - 1;
		size_t i = 0;

		while (*v == ' ')
			v++;
		if (strncasecmp(v, "SHA256:", 7) == 0) {
			v += 7;
			while (i < 64 && isxdigit((unsigned char)v[i])) {
				h->checksum[i] = (char)tolower((unsigned char)v[i]);
				i++;
			}
			h->checksum[i] = '\0';
		}
	}
	return len;
}

/* Read "user:password" from the first line of path, which must be a regular file of ours not
 * readable by group or others. PK_OK, PK_EINVAL (unsafe), PK_EIO. */
static int read_cred(const char *path, char *out, size_t size, pk_error *err)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return pk_error_set(err, PK_EIO, "cannot read the credentials file '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) || st.st_uid != geteuid()) {
		close(fd);
		return pk_error_set(err, PK_EINVAL, "the credentials file '%s' must be yours with mode 0600 "
				    "(no access for group or others)", path);
	}
	n = read(fd, out, size - 1);
	close(fd);
	if (n < 0)
		return pk_error_set(err, PK_EIO, "cannot read the credentials file '%s': %s", path, strerror(errno));
	out[n] = '\0';
	out[strcspn(out, "\r\n")] = '\0';
	if (!strchr(out, ':'))
		return pk_error_set(err, PK_EINVAL, "'%s' line 1: credentials: expected user:password", path);
	return PK_OK;
}

int dav_open(const char *url, const char *cred_file, const char *cacert, dav_target **out, pk_error *err)
{
	dav_target *t;
	const curlso *cu;
	const char *env = getenv(DAV_CRED_ENV);
	size_t n = strlen(url);
	int rc = PK_OK;

	*out = NULL;
	/* "https://user:password@host/": a password on the command line (ps, shell history, and
	 * then the reports and catalogue that name the URL). Refused, without quoting the URL. */
	{
		const char *a = strstr(url, "://");
		size_t auth = a ? strcspn(a + 3, "/?#") : 0;

		if (a && memchr(a + 3, '@', auth) != NULL)
			return pk_error_set(err, PK_EINVAL, "--to: the URL holds a user name or password (user:password@): "
					    "credentials never go on the command line; give the URL without them and "
					    "the credentials in $%s or --credentials FILE", DAV_CRED_ENV);
	}
	if (strncasecmp(url, "https://", 8) != 0)
		return pk_error_set(err, PK_EINVAL, "'%s': only https:// WebDAV servers are used (TLS is never optional)", url);
	if (n + 2 > sizeof(t->base))
		return pk_error_set(err, PK_EINVAL, "'%s': URL too long", url);
	if ((rc = curlso_get(&cu, err)) != PK_OK)
		return rc;
	t = calloc(1, sizeof(*t));
	if (!t)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	t->cu = cu;
	snprintf(t->base, sizeof(t->base), "%s%s", url, url[n - 1] == '/' ? "" : "/");
	if (cred_file)
		rc = read_cred(cred_file, t->cred, sizeof(t->cred), err);
	else if (env && *env)
		snprintf(t->cred, sizeof(t->cred), "%s", env);
	if (rc)
		goto fail;
	if (cacert)
		snprintf(t->cacert, sizeof(t->cacert), "%s", cacert);
	if (!(t->curl = t->cu->easy_init())) {
		rc = pk_error_set(err, PK_EINTERNAL, "cannot start libcurl");
		goto fail;
	}
	*out = t;
	return PK_OK;
fail:
	dav_close(t);
	return rc;
}

void dav_close(dav_target *t)
{
	if (!t)
		return;
	if (t->curl)
		t->cu->easy_cleanup(t->curl);
	memset(t->cred, 0, sizeof(t->cred));
	free(t);
}

/* Set the options every request has: verified TLS 1.2+, https only, credentials, no
 * redirects to elsewhere, timeouts. */
static void common(dav_target *t, const char *url)
{
	CURL *c = t->curl;

	t->cu->easy_reset(c);
	t->cu->easy_setopt(c, CURLOPT_URL, url);
	t->cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	t->cu->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	t->cu->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	t->cu->easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (t->cacert[0])
		t->cu->easy_setopt(c, CURLOPT_CAINFO, t->cacert);
	if (t->cred[0]) {
		t->cu->easy_setopt(c, CURLOPT_USERPWD, t->cred);
		t->cu->easy_setopt(c, CURLOPT_HTTPAUTH, (long)(CURLAUTH_BASIC | CURLAUTH_DIGEST));
	}
	t->cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	t->cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	t->cu->easy_setopt(c, CURLOPT_TIMEOUT, 300L);
	t->cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	t->cu->easy_setopt(c, CURLOPT_ERRORBUFFER, t->errbuf);
	t->cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_cb);
	t->errbuf[0] = '\0';
}

/* Perform and get the HTTP status. PK_OK, or PK_EIO with err naming url and the problem. */
static int perform(dav_target *t, const char *url, long *status, pk_error *err)
{
	CURLcode cc = t->cu->easy_perform(t->curl);

	*status = 0;
	t->timed_out = cc == CURLE_OPERATION_TIMEDOUT;
	if (cc != CURLE_OK)
		return pk_error_set(err, PK_EIO, "'%s': %s", url, t->errbuf[0] ? t->errbuf : t->cu->easy_strerror(cc));
	t->cu->easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, status);
	return PK_OK;
}

/* HEAD url: its status into *status, the size it gives into *got (-1 when none) and its
 * checksum header into *h. PK_OK, or the error of perform() (err set). */
static int head_of(dav_target *t, const char *url, struct head *h, long *status, curl_off_t *got,
		   pk_error *err)
{
	int rc;

	memset(h, 0, sizeof(*h));
	*got = -1;
	common(t, url);
	t->cu->easy_setopt(t->curl, CURLOPT_NOBODY, 1L);
	t->cu->easy_setopt(t->curl, CURLOPT_HEADERFUNCTION, header_cb);
	t->cu->easy_setopt(t->curl, CURLOPT_HEADERDATA, h);
	if ((rc = perform(t, url, status, err)) != PK_OK)
		return rc;
	t->cu->easy_getinfo(t->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, got);
	return PK_OK;
}

/* GET url, comparing what comes with the len bytes at data as it comes: its status into
 * *status, and into *c (set up by the caller for data, len) whether they differ. PK_OK, or the
 * error of perform() (err set). */
static int read_back(dav_target *t, const char *url, struct cmp *c, long *status, pk_error *err)
{
	common(t, url);
	t->cu->easy_setopt(t->curl, CURLOPT_WRITEFUNCTION, cmp_cb);
	t->cu->easy_setopt(t->curl, CURLOPT_WRITEDATA, c);
	return perform(t, url, status, err);
}

int dav_put(dav_target *t, const char *child, const char *name, const void *data, size_t len, const char *sha256,
	    char *url, size_t n, pk_error *err)
{
	char folder[2200];
	struct src s = { data, len, 0 };
	struct head h;
	curl_off_t got = -1;
	long status;
	int i, rc, seen = 0;

	snprintf(folder, sizeof(folder), "%s%s/", t->base, child);
	if (snprintf(url, n, "%s%s", folder, name) >= (int)n)
		return pk_error_set(err, PK_EINVAL, "'%s%s': URL too long", folder, name);
	for (i = 0; i < t->nseen && i < MAX_CHILDREN_SEEN; i++)
		seen |= strcmp(t->seen[i], child) == 0;
	if (!seen) {
		common(t, folder);
		t->cu->easy_setopt(t->curl, CURLOPT_CUSTOMREQUEST, "MKCOL");
		if ((rc = perform(t, folder, &status, err)) != PK_OK)
			return rc;
		/* 201 made; 405 already there (RFC 4918) */
		if (status != 201 && status != 405)
			return pk_error_set(err, PK_EIO, "'%s': MKCOL refused (HTTP %ld)", folder, status);
		snprintf(t->seen[t->nseen % MAX_CHILDREN_SEEN], sizeof(t->seen[0]), "%s", child);
		t->nseen++;
	}
	common(t, url);
	t->cu->easy_setopt(t->curl, CURLOPT_UPLOAD, 1L);
	t->cu->easy_setopt(t->curl, CURLOPT_READFUNCTION, read_cb);
	t->cu->easy_setopt(t->curl, CURLOPT_READDATA, &s);
	t->cu->easy_setopt(t->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	if ((rc = perform(t, url, &status, err)) != PK_OK)
		return rc;
	if (status != 201 && status != 204 && status != 200)
		return pk_error_set(err, PK_EIO, "'%s': PUT refused (HTTP %ld)", url, status);

	/* read back what the server holds: its size, and its checksum where it reports one */
	if ((rc = head_of(t, url, &h, &status, &got, err)) != PK_OK)
		return rc;
	if (status != 200)
		return pk_error_set(err, PK_EIO, "'%s': stored document cannot be checked (HEAD: HTTP %ld)", url, status);
	if (got >= 0 && got != (curl_off_t)len)
		return pk_error_set(err, PK_EIO, "'%s': the server holds %lld bytes, %zu were sent", url, (long long)got, len);
	if (h.checksum[0] && strcmp(h.checksum, sha256) != 0)
		return pk_error_set(err, PK_EIO, "'%s': the server's SHA-256 differs from the document's", url);
	if (got < 0 && !h.checksum[0]) {
		/* HEAD said neither size nor checksum (a server that answers 200 to anything would
		 * pass): read the document back and compare it with what was sent */
		struct cmp c = { data, len, 0, 0 };

		if ((rc = read_back(t, url, &c, &status, err)) != PK_OK)
			return rc;
		if (status != 200)
			return pk_error_set(err, PK_EIO, "'%s': stored document cannot be checked (GET: HTTP %ld)", url, status);
		if (c.differs || c.pos != len)
			return pk_error_set(err, PK_EIO, "'%s': the server's copy is not the document sent (read back: %s)",
					    url, c.differs ? "other bytes" : "too short");
	}
	return PK_OK;
}

int dav_url(const dav_target *t, const char *child, const char *name, char *url, size_t n, pk_error *err)
{
	if (snprintf(url, n, "%s%s/%s", t->base, child, name) >= (int)n)
		return pk_error_set(err, PK_EINVAL, "'%s%s/%s': URL too long", t->base, child, name);
	return PK_OK;
}

int dav_holds(dav_target *t, const char *url, const void *data, size_t len, const char *sha256, pk_error *err)
{
	struct head h;
	struct cmp c = { data, len, 0, 0 };
	curl_off_t got = -1;
	long status;
	int rc;

	if ((rc = head_of(t, url, &h, &status, &got, err)) != PK_OK)
		return rc;
	if (status != 200)
		return 0;   /* gone (404), or not readable as it was: sent again */
	if (got >= 0 && got != (curl_off_t)len)
		return 0;
	if (h.checksum[0])
		return strcmp(h.checksum, sha256) == 0;
	/* no checksum: the bytes themselves, read back */
	if ((rc = read_back(t, url, &c, &status, err)) != PK_OK)
		return rc;
	return status == 200 && !c.differs && c.pos == len;
}

int dav_timed_out(const dav_target *t)
{
	return t != NULL && t->timed_out;
}
