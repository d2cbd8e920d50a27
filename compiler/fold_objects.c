/*
 * Objects DocBook wraps in elements of their own, folded into what the
 * back ends set: a listing whose text is in a file (textobject >
 * textdata, the file read by the reader) holds that text; an image with
 * callout areas (imageobjectco) is the mediaobject's image, its areas
 * kept for the callouts' back-links and its calloutlist after the image;
 * a cover (DocBook 5.1, in a book's info: what its covers hold) is a
 * front-matter division titled Cover before the book's first, a second
 * (the back cover) one after its last. Runs before unsupported elements
 * are reported.
 */
#include <string.h>

#include "fold.h"
#include "l10n.h"

static bool
is_listing(const struct node *n)
{
	return model_kind_content(n->kind) == CT_VERBATIM;
}

/* programlisting > textobject > textdata: the listing's text is the
 * file's; the white space around the textobject is markup's. */
static void
fold_textdata(struct node *td, const char *lang)
{
	struct node *to = td->parent, *l = to ? to->parent : NULL;
	struct node *c, *next;

	(void)lang;
	if (to == NULL || to->kind != N_TEXTOBJECT || l == NULL ||
	    !is_listing(l)) {
		td->kind = N_PHRASE;    /* elsewhere: its text in place */
		return;
	}
	for (c = l->first; c; c = next) {
		next = c->next;
		if (c != to && c->kind == N_TEXT && fold_blank(c)) {
			model_unlink(c);
			model_free_tree(c);
		}
	}
	model_unlink(td);
	model_insert_before(to, td);
	model_unlink(to);
	model_free_tree(to);
	/* The file's text straight in the listing. */
	while ((c = td->first) != NULL) {
		model_unlink(c);
		model_insert_before(td, c);
	}
	model_unlink(td);
	model_free_tree(td);
}

/* mediaobject > imageobjectco > (areaspec, imageobject+, calloutlist?):
 * the image and the areaspec (back ends set no marks on images; the
 * areas' ids give the callouts something to link back to) stay in the
 * mediaobject, the calloutlist follows the mediaobject (in its figure,
 * as DocBook XSL sets it). */
static void
fold_imageobjectco(struct node *n, const char *lang)
{
	struct node *mo = n->parent, *after, *c;

	(void)lang;
	if (mo == NULL)
		return;
	after = mo;
	while ((c = n->first) != NULL) {
		model_unlink(c);
		if (fold_named(c, "calloutlist") && after->parent) {
			model_insert_after(after, c);
			after = c;
		} else if (c->kind == N_TEXT && fold_blank(c))
			model_free_tree(c);
		else
			model_insert_before(n, c);
	}
	model_unlink(n);
	model_free_tree(n);
}

/* A cover in a division's info: moved to the division's body, the
 * first before its content, the others after. bookc draws the EPUB's
 * cover image itself; the cover's own content is kept as a division. */
static void
fold_cover(struct node *n, const char *lang)
{
	struct node *info = n->parent, *div = info ? info->parent : NULL;
	struct node *at;
	bool first = true;

	if (info == NULL || info->kind != N_INFO || div == NULL ||
	    model_kind_content(div->kind) != CT_BLOCKS) {
		n->kind = N_DIV;        /* elsewhere: its blocks in place */
		return;
	}
	/* Folded in order: an earlier cover is in the info still, or
	 * already in the body. */
	for (struct node *c = info->first; c && c != n; c = c->next)
		if (fold_named(c, "cover"))
			first = false;
	for (struct node *c = div->first; c; c = c->next)
		if (fold_named(c, "cover"))
			first = false;
	model_unlink(n);
	n->kind = div->kind == N_BOOK ? N_PREFACE : N_DIV;
	fold_give_title(n, l10n_text(lang, L_COVER));
	if (n->kind == N_DIV)
		fold_title_para(n);
	if (!first) {
		model_append(div, n);
		return;
	}
	/* After the division's title and info (and the white space
	 * between them, not yet dropped). */
	for (at = div->first; at && (model_kind_class(at->kind) == NC_META ||
	    (at->kind == N_TEXT && fold_blank(at))); at = at->next)
		;
	if (at)
		model_insert_before(at, n);
	else
		model_append(div, n);
}

void
fold_objects(struct book *b)
{
	fold_each(b->root, "textdata", fold_textdata, b->lang);
	fold_each(b->root, "imageobjectco", fold_imageobjectco, b->lang);
	fold_each(b->root, "cover", fold_cover, b->lang);
}
