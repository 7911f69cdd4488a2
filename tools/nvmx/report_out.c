// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report's two formats from one set of calls: whatever the report
 * says is said once, through these, and comes out as Markdown and as a
 * self-contained HTML page with the same content.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static void esc(const struct doc *d, const char *s)
{
	for (; *s; s++) {
		if (d->html) {
			switch (*s) {
			case '<': fputs("&lt;", d->f); continue;
			case '>': fputs("&gt;", d->f); continue;
			case '&': fputs("&amp;", d->f); continue;
			case '"': fputs("&quot;", d->f); continue;
			}
		} else if (*s == '|' || *s == '*' || *s == '_' || *s == '<' ||
			   *s == '`' || *s == '[' || *s == '\\') {
			/* Markdown would read these as table or emphasis */
			fputc('\\', d->f);
		}
		fputc(*s, d->f);
	}
}

static void vesc(const struct doc *d, const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	esc(d, buf);
}

void doc_begin(struct doc *d, const char *title)
{
	if (!d->html)
		return;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", d->f);
	esc(d, title);
	fputs("</title>\n<style>\n"
	      "body{font-family:sans-serif;max-width:78em;margin:1em auto;padding:0 1em;line-height:1.4}\n"
	      "table{border-collapse:collapse;margin:.5em 0}\n"
	      "td,th{border:1px solid #bbb;padding:.15em .5em;text-align:left;vertical-align:top}\n"
	      "th{background:#eee}\n"
	      "tr.diff td{background:#fff3c4}\n"
	      "td.yes{color:#176117}td.no{color:#888}td.forced{color:#8a5a00}td.default{color:#006b80}\n"
	      "code{background:#f4f4f4;padding:0 .2em}\n"
	      "</style>\n</head>\n<body>\n", d->f);
}

void doc_end(struct doc *d)
{
	if (d->html)
		fputs("</body>\n</html>\n", d->f);
}

void doc_heading(struct doc *d, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (d->html) {
		fprintf(d->f, "<h%d>", level);
		vesc(d, fmt, ap);
		fprintf(d->f, "</h%d>\n", level);
	} else {
		fprintf(d->f, "%.*s ", level, "######");
		vesc(d, fmt, ap);
		fputs("\n\n", d->f);
	}
	va_end(ap);
}

void doc_para(struct doc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs(d->html ? "<p>" : "", d->f);
	vesc(d, fmt, ap);
	fputs(d->html ? "</p>\n" : "\n\n", d->f);
	va_end(ap);
}

void doc_code_para(struct doc *d, const char *before, const char *code,
		   const char *after)
{
	fputs(d->html ? "<p>" : "", d->f);
	esc(d, before);
	fputs(d->html ? "<code>" : "`", d->f);
	if (d->html)
		esc(d, code);
	else
		fputs(code, d->f);	/* inside backticks nothing is special */
	fputs(d->html ? "</code>" : "`", d->f);
	esc(d, after);
	fputs(d->html ? "</p>\n" : "\n\n", d->f);
}

void doc_list_begin(struct doc *d)
{
	if (d->depth + 1 >= sizeof(d->li_open) / sizeof(d->li_open[0]))
		return;		/* deeper than any list of the report */
	d->depth++;
	d->li_open[d->depth] = false;
	if (d->html)
		fputs("<ul>\n", d->f);
}

void doc_item(struct doc *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (d->html) {
		/* the item stays open: a list begun next is nested in it */
		if (d->li_open[d->depth])
			fputs("</li>\n", d->f);
		fputs("<li>", d->f);
		d->li_open[d->depth] = true;
	} else {
		/* Markdown nests a list under the text column of its item */
		fprintf(d->f, "%*s- ", 2 * (d->depth ? d->depth - 1 : 0), "");
	}
	vesc(d, fmt, ap);
	if (!d->html)
		fputc('\n', d->f);
	va_end(ap);
}

void doc_list_end(struct doc *d)
{
	if (!d->depth)
		return;
	if (d->html) {
		if (d->li_open[d->depth])
			fputs("</li>\n", d->f);
		fputs("</ul>\n", d->f);
	} else if (d->depth == 1) {
		fputc('\n', d->f);
	}
	d->depth--;
}

void doc_details_begin(struct doc *d, const char *summary)
{
	/* GitHub's Markdown renders the HTML element too */
	fputs("<details><summary>", d->f);
	d->html = true;
	esc(d, summary);
	d->html = d->real_html;
	fputs(d->html ? "</summary>\n" : "</summary>\n\n", d->f);
}

void doc_details_end(struct doc *d)
{
	fputs(d->html ? "</details>\n" : "\n</details>\n\n", d->f);
}

void doc_table_head(struct doc *d, const char *const *cols, unsigned int n)
{
	unsigned int i;

	if (d->html) {
		fputs("<table>\n<tr>", d->f);
		for (i = 0; i < n; i++) {
			fputs("<th>", d->f);
			esc(d, cols[i]);
			fputs("</th>", d->f);
		}
		fputs("</tr>\n", d->f);
		return;
	}
	fputs("|", d->f);
	for (i = 0; i < n; i++) {
		fputc(' ', d->f);
		esc(d, cols[i]);
		fputs(" |", d->f);
	}
	fputs("\n|", d->f);
	for (i = 0; i < n; i++)
		fputs(" --- |", d->f);
	fputc('\n', d->f);
}

void doc_table_row(struct doc *d, const char *const *cells,
		   const char *const *classes, unsigned int n, bool mark)
{
	unsigned int i;

	if (d->html) {
		fputs(mark ? "<tr class=\"diff\">" : "<tr>", d->f);
		for (i = 0; i < n; i++) {
			if (classes && classes[i] && *classes[i])
				fprintf(d->f, "<td class=\"%s\">", classes[i]);
			else
				fputs("<td>", d->f);
			esc(d, cells[i]);
			fputs("</td>", d->f);
		}
		fputs("</tr>\n", d->f);
		return;
	}
	fputs("|", d->f);
	for (i = 0; i < n; i++) {
		fputs(mark && *cells[i] ? " **" : " ", d->f);
		esc(d, cells[i]);
		fputs(mark && *cells[i] ? "** |" : " |", d->f);
	}
	fputc('\n', d->f);
}

void doc_table_end(struct doc *d)
{
	fputs(d->html ? "</table>\n" : "\n", d->f);
}
