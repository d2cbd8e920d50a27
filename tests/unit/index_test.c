/*
 * Unit test of the back-of-book index: merging, case folding, sortas,
 * order and groups (a Chinese book's: pinyin under A to Z, "#" first;
 * another's: Latin, then digits and symbols, then Han by code point),
 * see, anchors. Run from the repository root.
 */
#include <stdio.h>
#include <string.h>

#include "index.h"
#include "reader.h"
#include "validate.h"

static int failed;

static void
check(bool ok, const char *name, const char *why)
{
	printf(ok ? "ok index/%s\n" : "not ok index/%s: %s\n", name, why);
	failed += !ok;
}

static struct book *
read_book(const char *path)
{
	struct book *b = reader_read(path, NULL);
	struct validate_opts vo = { 0 };

	if (b)
		validate_book(b, &vo);
	return b;
}

/* "primary/secondary|group;" for each entry, in order. */
static char *
order_of(const struct book_index *ix)
{
	GString *order = g_string_new(NULL);

	for (guint i = 0; ix && i < ix->entries->len; i++) {
		const struct index_entry *e = g_ptr_array_index(ix->entries, i);

		g_string_append_printf(order, "%s%s%s|%s;", e->primary,
		    e->secondary ? "/" : "", e->secondary ? e->secondary : "",
		    e->group);
	}
	return g_string_free(order, FALSE);
}

/* The order of the index of the book at path; NULL if it cannot be read. */
static char *
book_order(const char *path)
{
	struct book *b = read_book(path);
	struct book_index *ix = b ? index_build(b) : NULL;
	char *order = b ? order_of(ix) : NULL;

	index_free(ix);
	if (b)
		model_book_free(b);
	return order;
}

static void
check_order(const char *name, const char *path, const char *want)
{
	char *got = book_order(path);

	check(got && strcmp(got, want) == 0, name, got ? got : path);
	g_free(got);
}

int
main(void)
{
	struct book *b = read_book("tests/index/terms.xml");
	struct book_index *ix;
	char *order, *a;

	if (b == NULL) {
		check(false, "read", "cannot read tests/index/terms.xml");
		return 1;
	}
	ix = index_build(b);
	check(ix != NULL && ix->entries->len == 6, "entries merged",
	    "expected 6 entries (Nova/nova API merged)");
	order = order_of(ix);
	check(strcmp(order, "2048|#;安装|A;Glance|G;Keystone|K;Nova/API|N;"
	    "云计算|Y;") == 0, "order and groups", order);
	g_free(order);
	if (ix) {
		const struct index_entry *nova = g_ptr_array_index(ix->entries, 4);
		const struct index_entry *glance = g_ptr_array_index(ix->entries, 2);

		check(nova->terms->len == 2, "both places kept", "Nova has != 2");
		check(glance->see && strcmp(glance->see, "镜像") == 0, "see",
		    glance->see ? glance->see : "(none)");
		a = index_anchor(ix, g_ptr_array_index(nova->terms, 1));
		check(strcmp(a, "bookc-idx-2") == 0, "anchor", a);
		g_free(a);
	}
	check(index_division(b) != NULL, "index division found", "none");
	index_free(ix);
	model_book_free(b);
	/* Pinyin: by reading (数 shù before 索 suǒ), tone (中 zhōng
	 * before 重 zhòng), then strokes (一 before 依, both yī); Han
	 * before Latin under a letter; "É" under E. */
	check_order("pinyin order and groups", "tests/index/pinyin.xml",
	    "32 位|#;安装|A;Apache|A;apt|A;表|B;Élan|E;数据库/表|S;"
	    "数据库/索引|S;索引|S;一致性|Y;依赖|Y;中文|Z;重启|Z;Zope|Z;");
	/* An English book keeps the alphabetical order. */
	check_order("English order and groups", "tests/index/terms-en.xml",
	    "安装|A;Glance|G;Keystone|K;Nova/API|N;2048|#;云计算|云;");
	reader_cleanup();
	return failed ? 1 : 0;
}
