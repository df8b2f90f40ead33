/*
 * dashboard.c: writes dashboard.html (see dashboard.h). The KPIs, the per-school table and the
 * charts are computed here and written as static HTML and SVG, so they show without the
 * script; the children's table is drawn by the inline script from inline JSON (a page at a
 * time), so that ten thousand children still render at once and filter as you type.
 */
#include "core/pepkit.h"
#include "qa/dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHART_SCHOOLS 15   /* schools drawn in "ratings by school" (the largest) */
#define CHART_TERMS 6      /* terms drawn in "completion by term" (the latest) */
#define ITEMS_CHARS 400    /* late/missing text kept per child in the page */

/* Append s as HTML text (escaping & < > " '). */
static int esc(pk_buf *b, const char *s)
{
	return buf_put_xml(b, s ? s : "");
}

/* Append s as a JSON string, safe inside <script>: < > & and U+2028/9 escaped, control
 * characters as \u00XX; at most max bytes of s (cut on a UTF-8 boundary), 0: all. */
static int json_str(pk_buf *b, const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	int rc = buf_puts(b, "\"");

	if (max > 0 && n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n && rc == PK_OK; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			rc = buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == '>' || c == '&')
			rc = buf_printf(b, "\\u%04x", c);
		else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			 ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
			rc = buf_printf(b, "\\u20%s", (unsigned char)s[i + 2] == 0xA8 ? "28" : "29");
			i += 2;
		} else
			rc = buf_append(b, &s[i], 1);
	}
	if (rc == PK_OK && max > 0 && s && strlen(s) > n)
		rc = buf_puts(b, "\xe2\x80\xa6");
	return rc == PK_OK ? buf_puts(b, "\"") : rc;
}

/* The rating a row shows: its pre-check, or "invalid"/"no PEP" words. */
static const char *shown_rating(const qa_child *c)
{
	if (c->status == QA_CHILD_RATED)
		return qa_rating_name(c->rating.overall);
	return c->status == QA_CHILD_NO_TERM ? "no PEP" : "not rated";
}

/* Per-school figures. */
struct school {
	const char *name;
	long children, completed, by[5], other;
	long requested, payable;
};

/* qsort/bsearch: schools by name. */
static int cmp_school_name(const void *a, const void *b)
{
	return strcmp(((const struct school *)a)->name, ((const struct school *)b)->name);
}

/* qsort: schools by children, most first, then name. */
static int cmp_school_size(const void *a, const void *b)
{
	const struct school *x = a, *y = b;

	return x->children != y->children ? (x->children < y->children ? 1 : -1) : strcmp(x->name, y->name);
}

/* Sort key of a term id "2025-autumn": year * 3 + season (spring, summer, autumn). */
static long term_key(const char *id)
{
	long y = strtol(id, NULL, 10);
	const char *s = strchr(id, '-');

	return y * 3 + (s == NULL ? 0 : strcmp(s + 1, "spring") == 0 ? 0 : strcmp(s + 1, "summer") == 0 ? 1 : 2);
}

/* Format pence as "1,234.50" (thousands separated) into out. */
static void money(long p, char out[32])
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%ld", p / 100), k = 0;

	for (int i = 0; i < n && k < 26; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	snprintf(out + k, (size_t)(32 - k), ".%02ld", p % 100);
}

static const char *const css =
	"*{box-sizing:border-box}"
	"body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:#1a1a1a;background:#f6f6f4}"
	".marking{background:#1a1a1a;color:#fff;text-align:center;font-weight:700;letter-spacing:.08em;padding:.35rem}"
	"header,main,footer{max-width:1200px;margin:0 auto;padding:0 1rem}"
	"h1{font-size:1.6rem;margin:1rem 0 .25rem}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}"
	".meta{margin:0 0 1rem;color:#3d3d3d}"
	".kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.6rem;list-style:none;padding:0;margin:0}"
	".kpis li{background:#fff;border:1px solid #c9c9c4;border-radius:6px;padding:.6rem .75rem}"
	".kv{display:block;font-size:1.5rem;font-weight:700}.kl{display:block;color:#3d3d3d;font-size:.9rem}"
	".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:1rem}"
	"figure{margin:0;background:#fff;border:1px solid #c9c9c4;border-radius:6px;padding:.75rem}"
	"figcaption{font-weight:700;margin-bottom:.4rem}svg text{font:12px system-ui,sans-serif;fill:#1a1a1a}"
	"table{border-collapse:collapse;width:100%;background:#fff}"
	"th,td{border:1px solid #c9c9c4;padding:.35rem .5rem;text-align:left;vertical-align:top}"
	"thead th{background:#e8e8e4}td.n,th.n{text-align:right}"
	"caption{text-align:left;font-weight:700;padding:.4rem 0}"
	".filters{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:flex-end;margin:.5rem 0}"
	".filters label{display:flex;flex-direction:column;font-size:.9rem;font-weight:600}"
	".filters label.cb{flex-direction:row;align-items:center;gap:.4rem}"
	"select,input,button{font:inherit;color:#1a1a1a}select,input[type=search]{padding:.3rem;border:1px solid #6b6b6b;border-radius:4px;background:#fff}"
	"th button{all:unset;cursor:pointer;font-weight:700;display:inline-flex;gap:.3rem}"
	"th button:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}"
	".more{margin:.75rem 0;padding:.4rem .9rem;border:1px solid #1a1a1a;border-radius:4px;background:#fff;cursor:pointer}"
	".r{display:inline-block;min-width:4.5em;padding:.05rem .4rem;border-radius:3px;font-weight:700;text-align:center}"
	".r-red{background:#a4161a;color:#fff}.r-amber{background:#ffc233;color:#1a1a1a}"
	".r-green{background:#1b6e3a;color:#fff}.r-gold{background:#f2d16b;color:#1a1a1a;border:1px solid #7a5c00}"
	".r-none{background:#595959;color:#fff}"
	".late{color:#a4161a;font-weight:700}.items{font-size:.85rem;color:#3d3d3d}"
	".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
	"footer{margin:2rem auto;color:#3d3d3d;font-size:.9rem}";

/* The inline script: reads #qa-data, fills #children's tbody a page at a time. Columns of a
 * row: 0 id, 1 name, 2 school, 3 year, 4 key stage, 5 rating, 6 adviser rating, 7 late count,
 * 8 late/missing text, 9 attendance (or -1). */
static const char *const script =
	"(function(){'use strict';"
	"var D=JSON.parse(document.getElementById('qa-data').textContent);"
	"var P=100,shown=P,key=-1,dir=1,rows=D;"
	"var tb=document.querySelector('#children tbody'),st=document.getElementById('status'),"
	"more=document.getElementById('more'),fs=document.getElementById('f-school'),"
	"fr=document.getElementById('f-rating'),fk=document.getElementById('f-ks'),"
	"fl=document.getElementById('f-late'),fq=document.getElementById('f-q');"
	"var YO={N1:-2,N2:-1,R:0},RO={gold:4,green:3,amber:2,red:1};"
	"function yv(y){return y in YO?YO[y]:+y||0}"
	"function e(s){return String(s).replace(/[&<>\"']/g,function(c){return'&#'+c.charCodeAt(0)+';'})}"
	"function badge(r){var c=RO[r]?'r-'+r:'r-none';return r?'<span class=\"r '+c+'\">'+e(r.charAt(0).toUpperCase()+r.slice(1))+'</span>':''}"
	"function val(r,k){return k===3?yv(r[3]):k===5||k===6?(RO[r[k]]||0):k===7||k===9?r[k]:String(r[k]).toLowerCase()}"
	"function apply(){var s=fs.value,g=fr.value,k=fk.value,l=fl.checked,q=fq.value.trim().toLowerCase();"
	"rows=D.filter(function(r){return(!s||r[2]===s)&&(!g||r[5]===g)&&(!k||r[4]===k)&&(!l||r[7]>0)&&"
	"(!q||r[0].toLowerCase().indexOf(q)>=0||r[1].toLowerCase().indexOf(q)>=0)});"
	"if(key>=0){rows=rows.slice().sort(function(a,b){var x=val(a,key),y=val(b,key);return x<y?-dir:x>y?dir:0})}"
	"shown=P;draw()}"
	"function draw(){var h=[],n=Math.min(shown,rows.length);"
	"for(var i=0;i<n;i++){var r=rows[i];h.push('<tr><td>'+e(r[0])+'</td><td>'+e(r[1])+'</td><td>'+e(r[2])+"
	"'</td><td>'+e(r[3])+'</td><td>'+e(r[4])+'</td><td>'+badge(r[5])+'</td><td>'+badge(r[6])+"
	"'</td><td class=\"n'+(r[7]>0?' late':'')+'\">'+r[7]+'</td><td class=\"items\">'+e(r[8])+'</td><td class=\"n\">'+"
	"(r[9]>=0?r[9].toFixed(1):'')+'</td></tr>')}"
	"tb.innerHTML=h.join('');"
	"st.textContent='Showing '+n+' of '+rows.length+' children matching'+(rows.length===D.length?' (all)':' the filters')+'.';"
	"st.setAttribute('data-matching',rows.length);more.hidden=n>=rows.length}"
	"more.addEventListener('click',function(){shown+=P;draw()});"
	"[fs,fr,fk,fl].forEach(function(x){x.addEventListener('change',apply)});fq.addEventListener('input',apply);"
	"Array.prototype.forEach.call(document.querySelectorAll('#children th[data-k] button'),function(b){"
	"b.addEventListener('click',function(){var th=b.parentNode,k=+th.getAttribute('data-k');"
	"dir=key===k?-dir:1;key=k;"
	"Array.prototype.forEach.call(document.querySelectorAll('#children th[data-k]'),function(t){t.removeAttribute('aria-sort')});"
	"th.setAttribute('aria-sort',dir>0?'ascending':'descending');apply()})});"
	"apply();document.body.setAttribute('data-ready-ms',Math.round(performance.now()));"
	"document.body.setAttribute('data-ready','1')})();";

/* A figure of horizontal stacked bars of ratings for the largest schools (s sorted by size,
 * ns of them). Returns as buf_*. */
static int chart_schools(pk_buf *b, struct school *s, long ns)
{
	static const char *const fill[] = { "#595959", "#a4161a", "#ffc233", "#1b6e3a", "#f2d16b" };
	long n = ns < CHART_SCHOOLS ? ns : CHART_SCHOOLS, max = 1;
	int rc, w = 235, h = (int)n * 24 + 30;

	for (long i = 0; i < n; i++)
		if (s[i].children > max)
			max = s[i].children;
	rc = buf_printf(b, "<figure><figcaption id=\"c1\">Ratings by school%s</figcaption>"
			"<svg role=\"img\" aria-labelledby=\"c1 c1d\" viewBox=\"0 0 560 %d\" width=\"100%%\">"
			"<desc id=\"c1d\">Pre-check overall ratings per school: red, amber, green, gold and not rated, as stacked bars; the same figures are in the table of schools below.</desc>",
			ns > CHART_SCHOOLS ? " (the 15 largest)" : "", h);
	for (long i = 0; i < n && rc == PK_OK; i++) {
		double x = w;
		int y = (int)i * 24 + 4;
		long part[5] = { s[i].other, s[i].by[1], s[i].by[2], s[i].by[3], s[i].by[4] };
		char name[40];
		size_t cut = strlen(s[i].name);

		if (cut > 30) {   /* 30 bytes at most, never half a UTF-8 character ("Ysgol Gymraeg ...") */
			cut = 30;
			while (cut > 0 && ((unsigned char)s[i].name[cut] & 0xC0) == 0x80)
				cut--;
		}
		snprintf(name, sizeof(name), "%.*s%s", (int)cut, s[i].name, strlen(s[i].name) > cut ? "..." : "");
		rc = buf_puts(b, "<text x=\"230\" y=\"");
		if (rc == PK_OK)
			rc = buf_printf(b, "%d\" text-anchor=\"end\">", y + 14);
		if (rc == PK_OK)
			rc = esc(b, name);
		if (rc == PK_OK)
			rc = buf_puts(b, "</text>");
		for (int k = 1; k <= 5 && rc == PK_OK; k++) {
			int r = k % 5;   /* red, amber, green, gold, then not rated */
			double bw = 280.0 * (double)part[r] / (double)max;

			if (part[r] > 0)
				rc = buf_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\" stroke=\"#1a1a1a\" stroke-width=\".5\"/>",
						x, y, bw, fill[r]);
			x += bw;
		}
		if (rc == PK_OK)
			rc = buf_printf(b, "<text x=\"%.1f\" y=\"%d\">%ld</text>", x + 4, y + 14, s[i].children);
	}
	if (rc == PK_OK)
		rc = buf_printf(b, "<g transform=\"translate(235 %d)\">"
				"<rect width=\"10\" height=\"10\" fill=\"#a4161a\"/><text x=\"14\" y=\"9\">Red</text>"
				"<rect x=\"50\" width=\"10\" height=\"10\" fill=\"#ffc233\"/><text x=\"64\" y=\"9\">Amber</text>"
				"<rect x=\"112\" width=\"10\" height=\"10\" fill=\"#1b6e3a\"/><text x=\"126\" y=\"9\">Green</text>"
				"<rect x=\"172\" width=\"10\" height=\"10\" fill=\"#f2d16b\" stroke=\"#7a5c00\"/><text x=\"186\" y=\"9\">Gold</text>"
				"<rect x=\"222\" width=\"10\" height=\"10\" fill=\"#595959\"/><text x=\"236\" y=\"9\">Not rated</text></g></svg></figure>",
				h - 16);
	return rc;
}

/* A vertical bar chart figure: n values with their labels (the first low_below bars in
 * fill_low); with totals, each value is drawn as a percentage of its total. Returns as buf_*. */
static int chart_bars(pk_buf *b, const char *id, const char *title, const char *desc, const char *const *labels,
		      const long *values, const long *totals, int n, const char *fill, const char *fill_low, int low_below)
{
	long max = 1;
	int rc, bw = n > 0 ? 440 / n : 440;

	for (int i = 0; i < n; i++)
		if ((totals ? (values[i] * 100 / (totals[i] ? totals[i] : 1)) : values[i]) > max)
			max = totals ? 100 : values[i];
	if (totals)
		max = 100;
	rc = buf_printf(b, "<figure><figcaption id=\"%s\">", id);
	if (rc == PK_OK)
		rc = esc(b, title);
	if (rc == PK_OK)
		rc = buf_printf(b, "</figcaption><svg role=\"img\" aria-labelledby=\"%s %sd\" viewBox=\"0 0 480 220\" width=\"100%%\"><desc id=\"%sd\">", id, id, id);
	if (rc == PK_OK)
		rc = esc(b, desc);
	if (rc == PK_OK)
		rc = buf_puts(b, "</desc><line x1=\"20\" y1=\"180\" x2=\"470\" y2=\"180\" stroke=\"#1a1a1a\"/>");
	for (int i = 0; i < n && rc == PK_OK; i++) {
		long v = totals ? (totals[i] ? values[i] * 100 / totals[i] : 0) : values[i];
		double h = 150.0 * (double)v / (double)max;
		int x = 25 + i * bw;

		rc = buf_printf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>"
				"<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\">%ld%s</text><text x=\"%d\" y=\"198\" text-anchor=\"middle\">",
				x, 180 - h, bw - 8, h, i < low_below ? fill_low : fill, x + (bw - 8) / 2, 176 - h, v,
				totals ? "%" : "", x + (bw - 8) / 2);
		if (rc == PK_OK)
			rc = esc(b, labels[i]);
		if (rc == PK_OK)
			rc = buf_puts(b, "</text>");
	}
	return rc == PK_OK ? buf_puts(b, "</svg></figure>") : rc;
}

int dashboard_build(const qa_dash *d, pk_buf *out)
{
	struct school *s = NULL;
	const char **terms = NULL;
	long ns = 0, nterms = 0, rated = 0, by[5] = { 0 }, current = 0, init_n = 0, init_ok = 0;
	long completed = 0, att_n = 0, pa = 0, excl = 0, late = 0, req = 0, pay = 0, invalid = 0, confirmed = 0;
	double att_sum = 0, excl_days = 0;
	long bins[6] = { 0 };
	int rc = PK_ENOMEM;
	char today[11], m1[32], m2[32];

	s = calloc((size_t)d->n + 1, sizeof(*s));
	terms = calloc((size_t)CHART_TERMS * 4 + 64, sizeof(*terms));
	if (s == NULL || terms == NULL)
		goto out;
	qa_day_format(d->today, today);
	/* figures */
	for (long i = 0; i < d->n; i++) {
		const qa_child *c = &d->rows[i];

		if (c->status >= QA_CHILD_INVALID) {
			invalid++;
			continue;
		}
		if (c->status == QA_CHILD_RATED) {
			rated++;
			by[c->rating.overall]++;
		}
		confirmed += c->confirmed != QA_UNRATED;
		current += c->current;
		init_n += c->initial_applies;
		init_ok += c->initial_on_time;
		completed += c->completed;
		late += c->nfindings > 0;
		req += c->pp_requested;
		pay += c->pp_payable;
		if (c->attendance >= 0) {
			att_n++;
			att_sum += c->attendance;
			pa += c->attendance < 90;
			bins[c->attendance < 50 ? 0 : c->attendance < 70 ? 1 : c->attendance < 80 ? 2 :
			     c->attendance < 90 ? 3 : c->attendance < 95 ? 4 : 5]++;
		}
		excl += c->exclusions > 0;
		excl_days += c->exclusion_days;
	}
	/* schools: sort names of the valid rows, then count runs */
	{
		long k = 0;

		for (long i = 0; i < d->n; i++)
			if (d->rows[i].status < QA_CHILD_INVALID)
				s[k++].name = d->rows[i].school ? d->rows[i].school : "";
		qsort(s, (size_t)k, sizeof(*s), cmp_school_name);
		for (long i = 0; i < k; i++)
			if (ns == 0 || strcmp(s[ns - 1].name, s[i].name) != 0)
				s[ns++].name = s[i].name;
		for (long i = ns; i < k; i++)
			s[i].name = NULL;
		for (long i = 0; i < d->n; i++) {
			const qa_child *c = &d->rows[i];
			struct school key, *hit;

			if (c->status >= QA_CHILD_INVALID)
				continue;
			key.name = c->school ? c->school : "";
			hit = bsearch(&key, s, (size_t)ns, sizeof(*s), cmp_school_name);
			if (hit == NULL)
				continue;
			hit->children++;
			hit->completed += c->completed;
			if (c->status == QA_CHILD_RATED)
				hit->by[c->rating.overall]++;
			else
				hit->other++;
			hit->requested += c->pp_requested;
			hit->payable += c->pp_payable;
		}
	}
	/* terms seen (records' PEP meetings and the calendar's terms up to the completion term) */
	{
		const char **all = NULL;
		long na2 = 0, cap = 64;

		all = malloc((size_t)cap * sizeof(*all));
		if (all == NULL)
			goto out;
		for (int i = 0; i < calendar_nterms(d->cal); i++) {
			const qa_term *t = calendar_term_i(d->cal, i);

			if (d->completion_term && term_key(t->id) <= term_key(d->completion_term) && na2 < cap)
				all[na2++] = t->id;
		}
		for (long i = 0; i < d->n && na2 < cap; i++) {
			const char *p = d->rows[i].terms_held;

			for (; p && *p && na2 < cap;) {
				const char *q;
				int seen = 0;

				while (*p == ' ')
					p++;
				if (!*p)
					break;
				for (q = p; *q && *q != ' '; q++)
					;
				for (long k = 0; k < na2 && !seen; k++)
					seen = strlen(all[k]) == (size_t)(q - p) && strncmp(all[k], p, (size_t)(q - p)) == 0;
				if (!seen && (!d->completion_term || term_key(p) <= term_key(d->completion_term))) {
					char *dup = strndup(p, (size_t)(q - p));

					if (dup == NULL) {
						free(all);
						goto out;
					}
					all[na2++] = dup;
					/* mark as owned by storing in terms' tail for freeing */
					terms[CHART_TERMS + (nterms++)] = dup;
				}
				p = q;
			}
			if (nterms >= 60)
				break;
		}
		/* order by term, keep the last CHART_TERMS */
		for (long a = 1; a < na2; a++)
			for (long b2 = a; b2 > 0 && term_key(all[b2 - 1]) > term_key(all[b2]); b2--) {
				const char *t = all[b2];

				all[b2] = all[b2 - 1];
				all[b2 - 1] = t;
			}
		{
			long from = na2 > CHART_TERMS ? na2 - CHART_TERMS : 0;

			for (long k = from; k < na2; k++)
				terms[k - from] = all[k];
			na2 -= from;
		}
		free(all);
		cap = na2;
		/* terms[0..cap) are the chart's terms; owned copies are at terms[CHART_TERMS..] */
		rc = PK_OK;
		{
			long tv[CHART_TERMS] = { 0 }, tt[CHART_TERMS] = { 0 };
			const char *tl[CHART_TERMS];
			static const char *const bl[] = { "<50%", "50-70", "70-80", "80-90", "90-95", "95-100" };
			char pr[64], gb[64];

			for (long k = 0; k < cap; k++) {
				char pat[24];

				tl[k] = terms[k];
				snprintf(pat, sizeof(pat), " %s ", terms[k]);
				for (long i = 0; i < d->n; i++) {
					if (d->rows[i].status >= QA_CHILD_INVALID)
						continue;
					tt[k]++;
					tv[k] += d->rows[i].terms_held && strstr(d->rows[i].terms_held, pat) != NULL;
				}
			}
			money(req, m1);
			money(pay, m2);
			rc = buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
				      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
				      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">"
				      "<meta name=\"referrer\" content=\"no-referrer\">"
				      "<title>OFFICIAL-SENSITIVE: PEP oversight dashboard</title><style>");
			if (rc == PK_OK)
				rc = buf_puts(out, css);
			if (rc == PK_OK)
				rc = buf_printf(out, "</style></head><body>"
						"<div class=\"marking\" role=\"note\" aria-label=\"Protective marking\">OFFICIAL-SENSITIVE</div>"
						"<header><h1>PEP oversight dashboard</h1><p class=\"meta\">Framework: ");
			if (rc == PK_OK)
				rc = esc(out, framework_name(d->fw));
			if (rc == PK_OK)
				rc = buf_puts(out, ". Calendar: ");
			if (rc == PK_OK)
				rc = esc(out, calendar_name(d->cal));
			if (rc == PK_OK)
				rc = buf_printf(out, ". Timescales as on %s. Term rated: ", today);
			if (rc == PK_OK)
				rc = esc(out, d->term ? d->term : "each child's latest PEP");
			if (rc == PK_OK)
				rc = buf_puts(out, ". Ratings are pepkit's pre-check unless an adviser has confirmed one (shown beside it).</p></header><main>");
			snprintf(pr, sizeof(pr), "%.1f%%", att_n ? att_sum / (double)att_n : 0.0);
			snprintf(gb, sizeof(gb), "%ld%%", rated ? (by[QA_GREEN] + by[QA_GOLD]) * 100 / rated : 0);
			if (rc == PK_OK)
				rc = buf_printf(out,
						"<section aria-labelledby=\"h-kpi\"><h2 id=\"h-kpi\">Key figures</h2><ul class=\"kpis\">"
						"<li><span class=\"kv\" id=\"kpi-children\" data-value=\"%ld\">%ld</span><span class=\"kl\">children in the cohort</span></li>"
						"<li><span class=\"kv\" id=\"kpi-rated\" data-value=\"%ld\">%ld</span><span class=\"kl\">PEPs rated</span></li>"
						"<li><span class=\"kv\" id=\"kpi-red\" data-value=\"%ld\">%ld</span><span class=\"kl\">rated red</span></li>"
						"<li><span class=\"kv\" id=\"kpi-amber\" data-value=\"%ld\">%ld</span><span class=\"kl\">rated amber</span></li>"
						"<li><span class=\"kv\" id=\"kpi-green\" data-value=\"%ld\">%ld</span><span class=\"kl\">rated green</span></li>"
						"<li><span class=\"kv\" id=\"kpi-gold\" data-value=\"%ld\">%ld</span><span class=\"kl\">rated gold</span></li>"
						"<li><span class=\"kv\" id=\"kpi-good\">%s</span><span class=\"kl\">PEPs rated good or better (green or gold)</span></li>"
						"<li><span class=\"kv\" id=\"kpi-confirmed\" data-value=\"%ld\">%ld</span><span class=\"kl\">ratings confirmed by an adviser</span></li>"
						"<li><span class=\"kv\" id=\"kpi-current\" data-value=\"%ld\">%ld</span><span class=\"kl\">children with a current PEP (a meeting in the last %d months)</span></li>"
						"<li><span class=\"kv\" id=\"kpi-initial\">%ld of %ld</span><span class=\"kl\">initial PEPs on time</span></li>"
						"<li><span class=\"kv\" id=\"kpi-completion\" data-value=\"%ld\">%ld%%</span><span class=\"kl\">termly completion",
						d->n, d->n, rated, rated, by[QA_RED], by[QA_RED], by[QA_AMBER], by[QA_AMBER],
						by[QA_GREEN], by[QA_GREEN], by[QA_GOLD], by[QA_GOLD], gb, confirmed, confirmed,
						current, current, framework_timescales(d->fw)->pep2_months, init_ok, init_n,
						completed, d->n - invalid > 0 ? completed * 100 / (d->n - invalid) : 0);
			if (rc == PK_OK && d->completion_term) {
				rc = buf_puts(out, " (");
				if (rc == PK_OK)
					rc = esc(out, d->completion_term);
				if (rc == PK_OK)
					rc = buf_puts(out, ")");
			}
			if (rc == PK_OK)
				rc = buf_printf(out, "</span></li>"
						"<li><span class=\"kv\" id=\"kpi-late\" data-value=\"%ld\">%ld</span><span class=\"kl\">children with late or missing items</span></li>"
						"<li><span class=\"kv\" id=\"kpi-attendance\">%s</span><span class=\"kl\">average attendance (%ld with a figure)</span></li>"
						"<li><span class=\"kv\" id=\"kpi-pa\" data-value=\"%ld\">%ld</span><span class=\"kl\">persistently absent (under 90%%)</span></li>"
						"<li><span class=\"kv\" id=\"kpi-exclusions\" data-value=\"%ld\">%ld</span><span class=\"kl\">children with exclusions this term (%.1f days)</span></li>"
						"<li><span class=\"kv\" id=\"kpi-pp-requested\">&#163;%s</span><span class=\"kl\">PP+ requested</span></li>"
						"<li><span class=\"kv\" id=\"kpi-pp-payable\">&#163;%s</span><span class=\"kl\">PP+ payable under the council's rule</span></li>"
						"<li><span class=\"kv\" id=\"kpi-invalid\" data-value=\"%ld\">%ld</span><span class=\"kl\">records not rated (invalid or unreadable)</span></li>"
						"</ul></section>",
						late, late, pr, att_n, pa, pa, excl, excl, excl_days, m1, m2, invalid, invalid);
			/* charts */
			if (rc == PK_OK)
				rc = buf_puts(out, "<section aria-labelledby=\"h-charts\"><h2 id=\"h-charts\">Charts</h2><div class=\"charts\">");
			if (rc == PK_OK) {
				struct school *bysize = malloc((size_t)(ns + 1) * sizeof(*bysize));

				if (bysize == NULL) {
					rc = PK_ENOMEM;
				} else {
					memcpy(bysize, s, (size_t)ns * sizeof(*s));
					qsort(bysize, (size_t)ns, sizeof(*bysize), cmp_school_size);
					rc = chart_schools(out, bysize, ns);
					free(bysize);
				}
			}
			if (rc == PK_OK)
				rc = chart_bars(out, "c2", "Attendance distribution (children, rated term)",
						"Number of children by attendance band; the four bands under 90% are persistent absence.",
						bl, bins, NULL, 6, "#1b6e3a", "#a4161a", 4);
			if (rc == PK_OK)
				rc = chart_bars(out, "c3", "Completion by term (children with a PEP meeting)",
						"Percentage of the cohort with a PEP meeting recorded for each term.",
						tl, tv, tt, (int)cap, "#0b57d0", "#0b57d0", 0);
			if (rc == PK_OK)
				rc = buf_puts(out, "</div></section>");
		}
	}
	if (rc != PK_OK)
		goto out;
	/* schools table */
	rc = buf_printf(out, "<section aria-labelledby=\"h-schools\"><h2 id=\"h-schools\">Schools</h2>"
			"<table id=\"schools\"><caption>Completion, ratings and PP+ per school</caption><thead><tr>"
			"<th scope=\"col\">School</th><th scope=\"col\" class=\"n\">Children</th>"
			"<th scope=\"col\" class=\"n\">PEP this term</th><th scope=\"col\" class=\"n\">Completion</th>"
			"<th scope=\"col\" class=\"n\">Red</th><th scope=\"col\" class=\"n\">Amber</th>"
			"<th scope=\"col\" class=\"n\">Green</th><th scope=\"col\" class=\"n\">Gold</th>"
			"<th scope=\"col\" class=\"n\">PP+ requested</th><th scope=\"col\" class=\"n\">PP+ payable</th>"
			"</tr></thead><tbody>");
	for (long i = 0; i < ns && rc == PK_OK; i++) {
		money(s[i].requested, m1);
		money(s[i].payable, m2);
		rc = buf_puts(out, "<tr><th scope=\"row\">");
		if (rc == PK_OK)
			rc = esc(out, s[i].name);
		if (rc == PK_OK)
			rc = buf_printf(out, "</th><td class=\"n\">%ld</td><td class=\"n\">%ld</td><td class=\"n\">%ld%%</td>"
					"<td class=\"n\">%ld</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td>"
					"<td class=\"n\">&#163;%s</td><td class=\"n\">&#163;%s</td></tr>",
					s[i].children, s[i].completed, s[i].children ? s[i].completed * 100 / s[i].children : 0,
					s[i].by[1], s[i].by[2], s[i].by[3], s[i].by[4], m1, m2);
	}
	if (rc == PK_OK)
		rc = buf_puts(out, "</tbody></table></section>");
	/* children: filters, table, data */
	if (rc == PK_OK)
		rc = buf_puts(out, "<section aria-labelledby=\"h-children\"><h2 id=\"h-children\">Children</h2>"
			      "<form class=\"filters\" role=\"search\" aria-label=\"Filter children\" onsubmit=\"return false\">"
			      "<label for=\"f-school\">School<select id=\"f-school\"><option value=\"\">All schools</option>");
	for (long i = 0; i < ns && rc == PK_OK; i++) {
		rc = buf_puts(out, "<option>");
		if (rc == PK_OK)
			rc = esc(out, s[i].name);
		if (rc == PK_OK)
			rc = buf_puts(out, "</option>");
	}
	if (rc == PK_OK)
		rc = buf_puts(out, "</select></label>"
			      "<label for=\"f-rating\">Pre-check rating<select id=\"f-rating\"><option value=\"\">All ratings</option>"
			      "<option value=\"red\">Red</option><option value=\"amber\">Amber</option><option value=\"green\">Green</option>"
			      "<option value=\"gold\">Gold</option><option value=\"no PEP\">No PEP for the term</option>"
			      "<option value=\"not rated\">Not rated (invalid record)</option></select></label>"
			      "<label for=\"f-ks\">Key stage<select id=\"f-ks\"><option value=\"\">All key stages</option>"
			      "<option>EYFS</option><option>KS1</option><option>KS2</option><option>KS3</option><option>KS4</option>"
			      "<option>post-16</option></select></label>"
			      "<label class=\"cb\" for=\"f-late\"><input type=\"checkbox\" id=\"f-late\">Only late or missing items</label>"
			      "<label for=\"f-q\">Child id or name<input type=\"search\" id=\"f-q\" autocomplete=\"off\"></label></form>"
			      "<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>"
			      "<noscript><p>The table of children needs JavaScript; the same rows are in qa-report.csv beside this page.</p></noscript>"
			      "<table id=\"children\"><caption>Children: sort by a column heading; the filters above narrow the rows</caption><thead><tr>"
			      "<th scope=\"col\" data-k=\"0\"><button type=\"button\">Child id</button></th>"
			      "<th scope=\"col\" data-k=\"1\"><button type=\"button\">Name</button></th>"
			      "<th scope=\"col\" data-k=\"2\"><button type=\"button\">School</button></th>"
			      "<th scope=\"col\" data-k=\"3\"><button type=\"button\">Year</button></th>"
			      "<th scope=\"col\" data-k=\"4\"><button type=\"button\">Key stage</button></th>"
			      "<th scope=\"col\" data-k=\"5\"><button type=\"button\">Pre-check</button></th>"
			      "<th scope=\"col\" data-k=\"6\"><button type=\"button\">Adviser</button></th>"
			      "<th scope=\"col\" data-k=\"7\" class=\"n\"><button type=\"button\">Late</button></th>"
			      "<th scope=\"col\">Late or missing items</th>"
			      "<th scope=\"col\" data-k=\"9\" class=\"n\"><button type=\"button\">Attendance %</button></th>"
			      "</tr></thead><tbody></tbody></table>"
			      "<button type=\"button\" id=\"more\" class=\"more\" hidden>Show 100 more</button></section></main>"
			      "<footer>OFFICIAL-SENSITIVE. Written by pepkit qa. Holds no information from confidential parts of the records; "
			      "reasons for each rating are in qa-report.csv, PP+ requests in pp-plus.csv.</footer>"
			      "<script type=\"application/json\" id=\"qa-data\">[");
	for (long i = 0; i < d->n && rc == PK_OK; i++) {
		const qa_child *c = &d->rows[i];
		int valid = c->status < QA_CHILD_INVALID;

		rc = buf_puts(out, i ? ",\n[" : "\n[");
		if (rc == PK_OK) rc = json_str(out, valid && c->id ? c->id : c->file, 0);
		if (rc == PK_OK) rc = buf_puts(out, ",");
		if (rc == PK_OK) rc = json_str(out, valid ? c->name : "", 0);
		if (rc == PK_OK) rc = buf_puts(out, ",");
		if (rc == PK_OK) rc = json_str(out, valid ? c->school : "", 0);
		if (rc == PK_OK) rc = buf_puts(out, ",");
		if (rc == PK_OK) rc = json_str(out, c->year, 0);
		if (rc == PK_OK) rc = buf_puts(out, ",");
		if (rc == PK_OK) rc = json_str(out, c->key_stage, 0);
		if (rc == PK_OK) rc = buf_puts(out, ",");
		if (rc == PK_OK) rc = json_str(out, shown_rating(c), 0);
		if (rc == PK_OK) rc = buf_puts(out, ",");
		if (rc == PK_OK) rc = json_str(out, qa_rating_name(c->confirmed), 0);
		if (rc == PK_OK) rc = buf_printf(out, ",%d,", valid ? c->nfindings : 0);
		if (rc == PK_OK) rc = json_str(out, valid ? c->findings : "record not rated: see qa-report.csv", ITEMS_CHARS);
		if (rc == PK_OK) rc = buf_printf(out, ",%.1f]", c->attendance >= 0 ? c->attendance : -1.0);
	}
	if (rc == PK_OK)
		rc = buf_puts(out, "]</script><script>");
	if (rc == PK_OK)
		rc = buf_puts(out, script);
	if (rc == PK_OK)
		rc = buf_puts(out, "</script></body></html>\n");
out:
	if (terms)
		for (long k = 0; k < nterms; k++)
			free((char *)terms[CHART_TERMS + k]);
	free(terms);
	free(s);
	return rc;
}
