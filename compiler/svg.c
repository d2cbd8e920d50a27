/*
 * SVG images read for what librsvg leaves out (see svg.h). The file is
 * parsed with libxml2 as data: no DTD is loaded, no entity is expanded,
 * no network is touched; only the element names and the references are
 * looked at. Drawing stays with librsvg (the PDF device, and the EPUB's
 * rewritten copy).
 */
#include <string.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "diag.h"
#include "image.h"
#include "svg.h"

#define SVG_NS "http://www.w3.org/2000/svg"
#define XLINK_NS "http://www.w3.org/1999/xlink"


/* Whether librsvg reads href, for an SVG in dir: a data: URI, a fragment,
 * or a file beside or below the SVG (librsvg's own rule). */
static bool
href_read(const char *href, const char *dir)
{
	char *path, *canon;
	size_t n = strlen(dir);
	bool ok;

	if (*href == '#' || g_ascii_strncasecmp(href, "data:", 5) == 0)
		return true;
	if (g_str_has_prefix(href, "file://"))
		return false;   /* absolute: outside whatever the book is */
	if (strchr(href, ':') != NULL || g_path_is_absolute(href))
		return false;
	path = g_build_filename(dir, href, NULL);
	canon = g_canonicalize_filename(path, NULL);
	ok = strncmp(canon, dir, n) == 0 && canon[n] == '/';
	g_free(canon);
	g_free(path);
	return ok;
}

/* The first reference not read, and the first <foreignObject>, walking
 * the tree without recursion. */
static void
scan(xmlNode *root, const char *dir, const char *path,
    const struct node *ref)
{
	xmlNode *n = root;
	unsigned foreign = 0;
	long foreign_line = 0;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE && n->ns != NULL &&
		    strcmp((const char *)n->ns->href, SVG_NS) == 0) {
			if (strcmp((const char *)n->name, "foreignObject") == 0 &&
			    foreign++ == 0)
				foreign_line = xmlGetLineNo(n);
			/* A link (<a>) is not loaded: only what is drawn. */
			for (xmlAttr *a = strcmp((const char *)n->name, "a") ?
			    n->properties : NULL; a; a = a->next) {
				xmlChar *v;

				if (strcmp((const char *)a->name, "href") ||
				    (a->ns && strcmp((const char *)a->ns->href,
				    XLINK_NS)))
					continue;
				v = xmlNodeGetContent((xmlNode *)a);
				if (v && !href_read((const char *)v, dir))
					diag(D_SVG_EXTERNAL, &ref->pos, path,
					    (int)xmlGetLineNo(n), (const char *)v);
				xmlFree(v);
			}
		}
		/* Into the children (not of a <foreignObject>: HTML). */
		if (n->children && n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "foreignObject") != 0) {
			n = n->children;
			continue;
		}
		while (n != NULL && n != root && n->next == NULL)
			n = n->parent;
		n = n == root || n == NULL ? NULL : n->next;
	}
	if (foreign)
		diag(D_SVG_FOREIGN, &ref->pos, path, (int)foreign_line,
		    foreign);
}

void
svg_check(const char *path, const struct node *imagedata)
{
	const char *name = model_attr(imagedata, "fileref");
	xmlDoc *doc;
	char *dir, *text;
	gsize len;

	if (name == NULL)
		name = model_attr(imagedata, "href");

	/* From memory: the reader's entity loader, which guards the book's
	 * own files, is not asked for the SVG; with no DTD loaded and no
	 * entity expanded, nothing else is read. */
	if (image_inline(path))
		text = g_bytes_unref_to_data(g_bytes_ref(image_inline(path)),
		    &len);
	else if (!g_file_get_contents(path, &text, &len, NULL))
		return;         /* librsvg says why, when it is drawn */
	doc = xmlReadMemory(text, (int)MIN(len, G_MAXINT), path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
	g_free(text);
	if (doc == NULL)
		return;
	dir = g_path_get_dirname(path);
	scan(xmlDocGetRootElement(doc), dir, name ? name : path, imagedata);
	g_free(dir);
	xmlFreeDoc(doc);
}
