/*
 * Unit test of the back-of-book index: merging, case folding, sortas,
 * order (Latin, then digits and symbols, then Han), groups, see, anchors.
 * Run from the repository root.
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

int
main(void)
{
	struct book *b = reader_read("tests/index/terms.xml", NULL);
	struct validate_opts vo = { 0 };
	struct book_index *ix;
	GString *order = g_string_new(NULL);
	char *a;

	if (b == NULL) {
		check(false, "read", "cannot read tests/index/terms.xml");
		return 1;
	}
	validate_book(b, &vo);
	ix = index_build(b);
	check(ix != NULL && ix->entries->len == 6, "entries merged",
	    "expected 6 entries (Nova/nova API merged)");
	for (guint i = 0; ix && i < ix->entries->len; i++) {
		const struct index_entry *e = g_ptr_array_index(ix->entries, i);

		g_string_append_printf(order, "%s%s%s|%s;", e->primary,
		    e->secondary ? "/" : "", e->secondary ? e->secondary : "",
		    e->group);
	}
	check(strcmp(order->str, "安装|A;Glance|G;Keystone|K;Nova/API|N;"
	    "2048|#;云计算|云;") == 0, "order and groups", order->str);
	if (ix) {
		const struct index_entry *nova = g_ptr_array_index(ix->entries, 3);
		const struct index_entry *glance = g_ptr_array_index(ix->entries, 1);

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
	reader_cleanup();
	g_string_free(order, TRUE);
	return failed ? 1 : 0;
}
