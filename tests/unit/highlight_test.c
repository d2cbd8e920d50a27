/*
 * Tests of the syntax highlighter (compiler/highlight.c): golden token
 * dumps of realistic listings, and invariants on those and on hostile
 * text. Run from the repository's root. Prints "ok highlight/NAME" or
 * "not ok highlight/NAME: why" per test; exits 1 on a failure.
 *
 * Golden files. tests/highlight/NAME.LANG is a listing in language LANG
 * (the text after the last dot; an unknown one stays plain), and
 * tests/highlight/NAME.LANG.tokens its tokens, one a line:
 *
 *     CLASS<TAB>"TEXT"
 *
 * CLASS is hl_class_name(); TEXT is the token's bytes with \\, \", \n,
 * \t and \r escaped, other control bytes (and DEL) as \xHH, and bytes of
 * 0x80 and above as they are, so Chinese stays readable. Plain tokens
 * made only of blanks and newlines are left out of the dump.
 * HL_UPDATE=1 rewrites the golden files from what the highlighter does
 * now: read the diff line by line before keeping it.
 *
 * Invariants, checked for every sample in every language and for hostile
 * strings (empty text, lone quotes, unterminated comments, 16 KB of one
 * pattern, invalid UTF-8, NUL bytes, random syntax soup): the tokens cover
 * the text exactly and in order, none is empty, neighbours differ in
 * class, no token starts on a UTF-8 continuation byte (so none splits a
 * character), every token of valid UTF-8 is valid UTF-8, and 256 KB of
 * a pattern takes at most 64 times as long as 16 KB (a linear scan 16).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "highlight.h"

#define DIR "tests/highlight"

static int failures;

/* Every canonical language and one unknown. */
static const char *const langs[] = {
	"sh", "console", "ini", "python", "xml", "json", "yaml", "sql", "c",
	"nonesuch"
};

static void
result(const char *name, bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("ok highlight/%s\n", name);
		return;
	}
	failures++;
	printf("not ok highlight/%s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static bool
is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* NULL when the tokens of text are well formed, else why not. */
static const char *
check_tokens(const char *text, int len, const GArray *a)
{
	static char why[256];
	bool valid = g_utf8_validate(text, len, NULL);
	int pos = 0;

	for (guint i = 0; i < a->len; i++) {
		const struct hl_token *t = &g_array_index(a, struct hl_token, i);

		if (t->start != pos)
			snprintf(why, sizeof why, "token %u starts at %d, not %d",
			    i, t->start, pos);
		else if (t->len <= 0 || t->start + t->len > len)
			snprintf(why, sizeof why, "token %u has length %d", i,
			    t->len);
		else if ((int)t->cls < 0 || (int)t->cls >= HL_NCLASSES)
			snprintf(why, sizeof why, "token %u has class %d", i,
			    (int)t->cls);
		else if (i > 0 && t[-1].cls == t->cls)
			snprintf(why, sizeof why, "tokens %u and %u are both %s",
			    i - 1, i, hl_class_name(t->cls));
		else if (t->start > 0 && is_cont(text[t->start]))
			snprintf(why, sizeof why, "token %u splits a UTF-8 "
			    "character at byte %d", i, t->start);
		else if (valid && !g_utf8_validate(text + t->start, t->len, NULL))
			snprintf(why, sizeof why, "token %u is not UTF-8", i);
		else {
			pos += t->len;
			continue;
		}
		return why;
	}
	if (pos != len) {
		snprintf(why, sizeof why, "tokens end at %d of %d", pos, len);
		return why;
	}
	return NULL;
}

/* The golden dump of the tokens (see the header). */
static char *
dump(const char *text, const GArray *a)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < a->len; i++) {
		const struct hl_token *t = &g_array_index(a, struct hl_token, i);
		const char *p = text + t->start;

		if (t->cls == HL_PLAIN && strspn(p, " \t\r\n") >= (size_t)t->len)
			continue;
		g_string_append_printf(s, "%s\t\"", hl_class_name(t->cls));
		for (int k = 0; k < t->len; k++) {
			unsigned char c = (unsigned char)p[k];

			switch (c) {
			case '\\': g_string_append(s, "\\\\"); break;
			case '"':  g_string_append(s, "\\\""); break;
			case '\n': g_string_append(s, "\\n"); break;
			case '\t': g_string_append(s, "\\t"); break;
			case '\r': g_string_append(s, "\\r"); break;
			default:
				if (c < 0x20 || c == 0x7f)
					g_string_append_printf(s, "\\x%02x", c);
				else
					g_string_append_c(s, (char)c);
			}
		}
		g_string_append(s, "\"\n");
	}
	return g_string_free(s, FALSE);
}

/* Line n (from 1) of s, without its newline, in a static buffer. */
static const char *
line_of(const char *s, int n)
{
	static char buf[2][200];
	static int which;
	char *b = buf[which ^= 1];
	size_t k;

	while (--n > 0 && s != NULL && (s = strchr(s, '\n')) != NULL)
		s++;
	if (s == NULL || *s == '\0')
		return "(end of file)";
	k = strcspn(s, "\n");
	if (k >= sizeof buf[0])
		k = sizeof buf[0] - 1;
	memcpy(b, s, k);
	b[k] = '\0';
	return b;
}

/* The first line where a and b differ (from 1). */
static int
first_difference(const char *a, const char *b)
{
	int line = 1;

	for (; *a != '\0' && *a == *b; a++, b++)
		if (*a == '\n')
			line++;
	return line;
}

static int
cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
golden(const char *name, bool update)
{
	char *path = g_build_filename(DIR, name, NULL);
	char *gpath = g_strconcat(path, ".tokens", NULL);
	const char *lang = strrchr(name, '.') + 1;
	char *text, *want = NULL, *got;
	const char *why;
	gsize len;
	GArray *a;

	if (!g_file_get_contents(path, &text, &len, NULL)) {
		result(name, false, "cannot read %s", path);
		goto out;
	}
	a = hl_tokenize(lang, text, (int)len);
	got = dump(text, a);
	if ((why = check_tokens(text, (int)len, a)) != NULL)
		result(name, false, "%s", why);
	else if (update) {
		if (g_file_set_contents(gpath, got, -1, NULL))
			result(name, true, NULL);
		else
			result(name, false, "cannot write %s", gpath);
	} else if (!g_file_get_contents(gpath, &want, NULL, NULL))
		result(name, false, "no %s (HL_UPDATE=1 makes it)", gpath);
	else if (strcmp(want, got) != 0) {
		int l = first_difference(want, got);

		result(name, false, "first differing line %d of %s: "
		    "expected '%s', got '%s'", l, gpath, line_of(want, l),
		    line_of(got, l));
	} else
		result(name, true, NULL);
	/* the sample in every other language, for the invariants */
	for (size_t i = 0; i < G_N_ELEMENTS(langs); i++) {
		GArray *b = hl_tokenize(langs[i], text, (int)len);

		if ((why = check_tokens(text, (int)len, b)) != NULL)
			result(name, false, "as %s: %s", langs[i], why);
		g_array_unref(b);
	}
	g_free(want);
	g_free(got);
	g_array_unref(a);
	g_free(text);
out:
	g_free(gpath);
	g_free(path);
}

static void
goldens(void)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	bool update = g_strcmp0(g_getenv("HL_UPDATE"), "1") == 0;
	GDir *d = g_dir_open(DIR, 0, NULL);
	const char *e;

	if (d == NULL) {
		result("samples", false, "cannot open %s (run from the "
		    "repository's root)", DIR);
		return;
	}
	while ((e = g_dir_read_name(d)) != NULL)
		if (!g_str_has_suffix(e, ".tokens") && strchr(e, '.') != NULL)
			g_ptr_array_add(names, g_strdup(e));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_names);
	if (names->len == 0)
		result("samples", false, "no samples in %s", DIR);
	for (guint i = 0; i < names->len; i++)
		golden(g_ptr_array_index(names, i), update);
	g_ptr_array_unref(names);
}

/* Checks text (len bytes) in every language; false after a failure. */
static bool
check_all(const char *test, const char *what, const char *text, int len)
{
	for (size_t i = 0; i < G_N_ELEMENTS(langs); i++) {
		GArray *a = hl_tokenize(langs[i], text, len);
		const char *why = check_tokens(text, len, a);

		g_array_unref(a);
		if (why != NULL) {
			result(test, false, "%s as %s: %s", what, langs[i], why);
			return false;
		}
	}
	return true;
}

/* Microseconds to tokenise text in lang. */
static gint64
usec(const char *lang, const char *text, int len)
{
	gint64 t0 = g_get_monotonic_time();

	g_array_unref(hl_tokenize(lang, text, len));
	return g_get_monotonic_time() - t0;
}

static void
adversarial(void)
{
	static const char *const small[] = {
		"", "\"", "'", "`", "/*", "*/", "<!--", "<![CDATA[", "<?", "<!",
		"\"\"\"", "'''", "r'''", "$$", "$a$", "$a", "${", "$(", "$'",
		"<", "<a", "<a b='", "</", "&", "&amp", "[", "[x", "- ", "key:",
		"key: ", "? ", "$ ", "# ", ">>> ", "... ", "[root@h ~]# ",
		"u@h:~$", "(venv) $", "\\", "\\\n", "#include", "#include <",
		"# define", "@", "x=", "=", "%(", "def", "def ", "class", "--",
		"-1", "0x", "1e+", ".5", "1.", "~", "!", "*", "\"a\":", "'\\",
		"\xe4\xb8", "\xe4", "\x80\x80", "\xff\xfe\x80\xbf",
		"# \xe5\x88\x97\xe5\x87\xba\xe6\x96\x87\xe4\xbb\xb6",
		"\"\xe4\xb8\xad\"\xe6", "\n\n\n", "\r\n", " \t ",
	};
	static const char nul[] = "a\0\"b\0";

	for (size_t i = 0; i < G_N_ELEMENTS(small); i++) {
		if (!check_all("adversarial", small[i], small[i],
		    (int)strlen(small[i])))
			return;
	}
	if (!check_all("adversarial", "NUL bytes", nul, sizeof nul - 1))
		return;
	result("adversarial", true, NULL);
}

/*
 * 16 KB of one pattern in every language is well formed, and 256 KB of
 * it at most 64 times as slow (linear: 16 times; quadratic: 256 times),
 * a bound that holds under ASan and valgrind as well as without.
 */
static void
pathological(void)
{
	static const char *const pats[] = {
		"\"", "'", "`", "/*", "<!--", "$a$", "$", "${", "a ", "a",
		"<a ", "<", "&a", "[", "[x ", "- ", "-", "#", "\\", "\xe4\xb8\xad",
		"\x80", "\xff", "x'", "'''", "a: ", "a:", "{a, ", "$ ", "\n$ ",
		"\n[r@h ", "\nu@h:", "1", "1e", "def ", "#include ", "\"a\\",
		"%(", "&amp", "(venv)", "\n ", "\n#", "\na =",
	};
	const int size = 256 * 1024, small = size / 16;
	char *buf = g_malloc(size);

	for (size_t i = 0; i < G_N_ELEMENTS(pats); i++) {
		size_t pl = strlen(pats[i]);
		char what[64];

		for (int k = 0; k < size; k++)
			buf[k] = pats[i][k % pl];
		snprintf(what, sizeof what, "16 KB of '%s'", pats[i]);
		if (!check_all("pathological", what, buf, small))
			goto out;
		snprintf(what, sizeof what, "256 KB of '%s'", pats[i]);
		for (size_t l = 0; l < G_N_ELEMENTS(langs); l++) {
			gint64 ts = usec(langs[l], buf, small);
			gint64 tb = usec(langs[l], buf, size);

			/* A busy machine stalls one run now and then: a
			 * quadratic highlighter is slow every time, so a
			 * slow run is measured twice more, keeping the
			 * fastest of each size. */
			for (int again = 0; again < 2 && tb > 64 * ts + 20000;
			    again++) {
				ts = MIN(ts, usec(langs[l], buf, small));
				tb = MIN(tb, usec(langs[l], buf, size));
			}
			if (tb > 64 * ts + 20000) {
				result("pathological", false, "%s as %s took %.3f s, "
				    "16 KB %.3f s", what, langs[l], tb / 1e6,
				    ts / 1e6);
				goto out;
			}
		}
	}
	result("pathological", true, NULL);
out:
	g_free(buf);
}

/* Random soup of the bytes that matter to the scanners. */
static void
fuzz(void)
{
	static const char *const bits[] = {
		"\"", "'", "`", "\\", "/", "*", "<", ">", "!", "-", "?", "$", "{",
		"}", "(", ")", "[", "]", "#", "@", ":", "=", ";", "&", "%", ",",
		".", "~", "|", " ", "\t", "\n", "a", "x", "0", "1", "e", "r",
		"E", "L", "def", "if", "SELECT", "$$", "\"\"\"", "<!--", "-->",
		"/*", "*/", "# ", "$ ", ">>> ", "\xe4\xb8\xad", "\xe4", "\x80",
		"\xff",
	};
	GRand *rnd = g_rand_new_with_seed(11);
	GString *s = g_string_new(NULL);
	bool ok = true;

	for (int round = 0; round < 3000 && ok; round++) {
		int parts = g_rand_int_range(rnd, 0, 40);

		g_string_truncate(s, 0);
		for (int k = 0; k < parts; k++)
			g_string_append(s, bits[g_rand_int_range(rnd, 0,
			    G_N_ELEMENTS(bits))]);
		ok = check_all("fuzz", "random text", s->str, (int)s->len);
	}
	if (ok)
		result("fuzz", true, NULL);
	g_string_free(s, TRUE);
	g_rand_free(rnd);
}

static void
languages(void)
{
	static const char *const known[] = {
		"sh", "bash", "shell", "BASH", "Shell", "console",
		"shell-session", "ini", "conf", "cfg", "properties", "python",
		"py", "Python", "xml", "html", "xhtml", "HTML", "json", "yaml",
		"yml", "sql", "pgsql", "postgresql", "PostgreSQL", "mysql",
		"MySQL", "c", "h", "cpp", "C", " c ",
	};
	static const char *const unknown[] = {
		"", "nonesuch", "sh bash", "s", "cc ", "pythonx", "x",
	};
	const char *text = "if x then \"y\" # z\n";
	GArray *a;

	for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
		if (!hl_language_known(known[i])) {
			result("languages", false, "'%s' is not known", known[i]);
			return;
		}
	for (size_t i = 0; i < G_N_ELEMENTS(unknown); i++)
		if (hl_language_known(unknown[i])) {
			result("languages", false, "'%s' is known", unknown[i]);
			return;
		}
	if (hl_language_known(NULL)) {
		result("languages", false, "NULL is known");
		return;
	}
	a = hl_tokenize("nonesuch", text, -1);
	if (a->len != 1 || g_array_index(a, struct hl_token, 0).cls != HL_PLAIN ||
	    g_array_index(a, struct hl_token, 0).len != (int)strlen(text)) {
		result("languages", false, "an unknown language is not one "
		    "plain token");
		g_array_unref(a);
		return;
	}
	g_array_unref(a);
	a = hl_tokenize(NULL, text, -1);
	g_array_unref(a);
	a = hl_tokenize("sh", NULL, 0);
	if (a->len != 0) {
		result("languages", false, "NULL text gives tokens");
		g_array_unref(a);
		return;
	}
	g_array_unref(a);
	/* alias folding: the same tokens under every name */
	a = hl_tokenize("sh", text, -1);
	for (size_t i = 0; i < 5; i++) {
		GArray *b = hl_tokenize(known[i], text, -1);
		bool same = a->len == b->len && memcmp(a->data, b->data,
		    a->len * sizeof(struct hl_token)) == 0;

		g_array_unref(b);
		if (!same) {
			result("languages", false, "'%s' differs from 'sh'",
			    known[i]);
			g_array_unref(a);
			return;
		}
	}
	g_array_unref(a);
	result("languages", true, NULL);
}

static void
classes(void)
{
	for (int i = 0; i < HL_NCLASSES; i++) {
		const char *n = hl_class_name((enum hl_class)i);

		if (n == NULL || *n == '\0' || strspn(n, "abcdefghijklmnopqrstuvwxyz")
		    != strlen(n)) {
			result("classes", false, "class %d is named '%s'", i, n);
			return;
		}
		for (int k = 0; k < i; k++)
			if (strcmp(n, hl_class_name((enum hl_class)k)) == 0) {
				result("classes", false, "two classes named %s", n);
				return;
			}
	}
	if (strcmp(hl_class_name(HL_PLAIN), "plain") != 0 ||
	    strcmp(hl_class_name(HL_KEYWORD), "keyword") != 0 ||
	    strcmp(hl_class_name((enum hl_class)HL_NCLASSES), "plain") != 0) {
		result("classes", false, "names are not as documented");
		return;
	}
	result("classes", true, NULL);
}

int
main(void)
{
	classes();
	languages();
	goldens();
	adversarial();
	pathological();
	fuzz();
	return failures > 0;
}
