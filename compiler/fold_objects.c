/*
 * Objects DocBook wraps in elements of their own, folded into what the
 * back ends set: a listing whose text is in a file (textobject >
 * textdata, the file read by the reader) holds that text; an image with
 * callout areas (imageobjectco) is the mediaobject's image, its areas
 * kept for the callouts' back-links and its calloutlist after the image.
 * Runs before unsupported elements are reported.
 */
#include <string.h>

#include "fold.h"

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

void
fold_objects(struct book *b)
{
	fold_each(b->root, "textdata", fold_textdata, b->lang);
	fold_each(b->root, "imageobjectco", fold_imageobjectco, b->lang);
}
