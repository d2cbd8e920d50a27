/*
 * Unit tests of the EPUB back end's escaping module and XHTML writer,
 * built and run by tests/check/epub_checks.py. Prints "ok NAME" or
 * "not ok NAME: why" per test.
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "xhtml.h"

static int failed;

static void
expect(const char *name, const char *got, const char *want)
{
	if (strcmp(got, want) == 0) {
		printf("ok %s\n", name);
	} else {
		printf("not ok %s: got [%s], want [%s]\n", name, got, want);
		failed++;
	}
}

static void
test_escape(void)
{
	GString *s = g_string_new(NULL);
	char *t;

	escape_text(s, "a < b && c > \"d\" 'e'", -1);
	expect("escape_text", s->str, "a &lt; b &amp;&amp; c &gt; \"d\" 'e'");
	g_string_truncate(s, 0);
	escape_attr(s, "x=\"1\" & <y>\n\tz", -1);
	expect("escape_attr", s->str, "x=&quot;1&quot; &amp; &lt;y&gt;&#10;&#9;z");
	g_string_truncate(s, 0);
	escape_text(s, "a\x01" "b\x0b" "c\x1f" "d\r\ne", -1);
	expect("escape_strips_c0", s->str, "abcd&#13;\ne");
	g_string_truncate(s, 0);
	/* U+FFFE, U+FFFF and an unpaired surrogate encoded as UTF-8. */
	escape_text(s, "x\xef\xbf\xbe" "y\xef\xbf\xbf" "z\xed\xa0\x80!", -1);
	expect("escape_strips_nonchars", s->str, "xyz!");
	g_string_truncate(s, 0);
	escape_text(s, "ok\xff\xfe" "中文\xe4\xb8", -1);
	expect("escape_drops_bad_utf8", s->str, "ok中文");
	g_string_truncate(s, 0);
	escape_text(s, "第 3 章 “引号” — 😀", -1);
	expect("escape_keeps_unicode", s->str, "第 3 章 “引号” — 😀");
	g_string_truncate(s, 0);
	escape_text(s, "a&b", 1);
	expect("escape_len", s->str, "a");
	t = escape_strip("a\x02<b>", -1);
	expect("escape_strip", t, "a<b>");
	g_free(t);
	g_string_free(s, TRUE);
}

static int hook_calls;

static void
hook(void *ud, int data, const char *text, size_t len)
{
	GString *log = ud;

	hook_calls++;
	g_string_append_printf(log, "%d:%.*s;", data, (int)len, text);
}

static void
test_writer(void)
{
	struct xhtml *x = xhtml_new();
	GString *log = g_string_new(NULL);
	char *doc;
	size_t depth;

	/* Everything opened is closed, by close_to and by finish. */
	xhtml_open(x, "body", NULL);
	xhtml_open(x, "section", "id", "s1", "class", NULL, NULL);
	depth = xhtml_depth(x);
	xhtml_open(x, "p", "title", "a\"b", NULL);
	xhtml_open(x, "em", NULL);
	xhtml_text(x, "x<y");
	xhtml_close_to(x, depth);
	xhtml_open(x, "ul", NULL);
	xhtml_open(x, "li", NULL);
	xhtml_leaf(x, "img", "src", "a.png", "alt", "", NULL);
	doc = xhtml_finish(x, NULL);
	expect("writer_closes", doc,
	    "<body>\n<section id=\"s1\">\n<p title=\"a&quot;b\"><em>x&lt;y</em>"
	    "</p>\n<ul>\n<li>\n<img src=\"a.png\" alt=\"\"/></li>\n</ul>\n"
	    "</section>\n</body>\n");
	g_free(doc);

	/* A block opened in phrasing content closes the phrasing first. */
	xhtml_open(x, "div", NULL);
	xhtml_open(x, "p", NULL);
	xhtml_open(x, "span", NULL);
	xhtml_text(x, "a");
	xhtml_open(x, "ul", NULL);
	doc = xhtml_finish(x, NULL);
	expect("writer_block_in_phrasing", doc,
	    "<div>\n<p><span>a</span></p>\n<ul>\n</ul>\n</div>\n");
	if (xhtml_misnested(x) == 1)
		printf("ok writer_counts_misnesting\n");
	else {
		printf("not ok writer_counts_misnesting: %u\n",
		    xhtml_misnested(x));
		failed++;
	}
	g_free(doc);

	/* No white space is added inside pre. */
	xhtml_open(x, "pre", NULL);
	xhtml_text(x, "a\n  b");
	xhtml_open(x, "code", NULL);
	xhtml_text(x, "c");
	doc = xhtml_finish(x, NULL);
	expect("writer_pre", doc, "<pre>a\n  b<code>c</code></pre>\n");
	g_free(doc);

	/* The caller's data is inherited and handed to the text hook. */
	xhtml_set_text_hook(x, hook, log);
	xhtml_open(x, "body", NULL);
	xhtml_set_data(x, 1);
	xhtml_open(x, "p", NULL);
	xhtml_text(x, "a");
	xhtml_open(x, "code", NULL);
	xhtml_set_data(x, 4);
	xhtml_text(x, "b\x01");
	xhtml_close(x);
	xhtml_text(x, "");
	doc = xhtml_finish(x, NULL);
	expect("writer_hook", log->str, "1:a;4:b\x01;");
	expect("writer_hook_doc", doc, "<body>\n<p>a<code>b</code></p>\n</body>\n");
	g_free(doc);

	xhtml_prolog(x, true);
	xhtml_open(x, "html", "xml:lang", "zh-CN", NULL);
	doc = xhtml_finish(x, NULL);
	expect("writer_prolog", doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!DOCTYPE html>\n<html xml:lang=\"zh-CN\">\n</html>\n");
	g_free(doc);
	xhtml_free(x);
	g_string_free(log, TRUE);
}

int
main(void)
{
	test_escape();
	test_writer();
	return failed ? 1 : 0;
}
