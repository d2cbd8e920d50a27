/*
 * Callouts (see callout.h).
 */
#include <stdio.h>
#include <string.h>

#include "callout.h"

static bool
is_listing(const struct node *n)
{
	return model_kind_content(n->kind) == CT_VERBATIM;
}

bool
callout_is_item(const struct node *n)
{
	return n->kind == N_LISTITEM && model_attr(n, "arearefs") &&
	    n->parent && strcmp(n->parent->name, "calloutlist") == 0;
}

unsigned
callout_number(const struct node *n)
{
	const struct node *root = n;
	unsigned k = 0;

	if (n == NULL)
		return 0;
	if (strcmp(n->name, "co") == 0) {
		struct walker w;
		const struct node *c;
		enum walk_event ev;

		while (root && !is_listing(root))
			root = root->parent;
		if (root == NULL)
			return 0;
		model_walk_init(&w, root);
		while ((ev = model_walk_next(&w, &c)) != WALK_NONE)
			if (ev == WALK_ENTER && strcmp(c->name, "co") == 0) {
				k++;
				if (c == n)
					return k;
			}
		return 0;
	}
	if (strcmp(n->name, "area") == 0 && n->parent &&
	    strcmp(n->parent->name, "areaset") == 0)
		n = n->parent;
	if ((strcmp(n->name, "area") != 0 && strcmp(n->name, "areaset") != 0) ||
	    n->parent == NULL)
		return 0;
	for (const struct node *c = n->parent->first; c; c = c->next)
		if (strcmp(c->name, "area") == 0 ||
		    strcmp(c->name, "areaset") == 0) {
			k++;
			if (c == n)
				return k;
		}
	return 0;
}

void
callout_glyph(unsigned k, char *buf, size_t len)
{
	gunichar u = k >= 1 && k <= 10 ? 0x2775 + k :
	    k >= 11 && k <= 20 ? 0x24EB + (k - 11) : 0;

	if (u && len >= 7)
		buf[g_unichar_to_utf8(u, buf)] = '\0';
	else
		snprintf(buf, len, "(%u)", k);
}
