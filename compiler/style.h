/*
 * Styles: one INI file (read with GLib's GKeyFile) drives the PDF layout
 * and the EPUB's CSS. Every key is listed once in style.c's table, with
 * its type, default and range; styles/README documents them.
 */
#ifndef BOOKC_STYLE_H
#define BOOKC_STYLE_H

#include <stdbool.h>

struct style {
	char *name;             /* "a4", or the file's base name */
	char *path;             /* the file it was read from */

	/* [page] sizes in millimetres */
	double page_width, page_height;
	double margin_top, margin_bottom, margin_inner, margin_outer;
	bool two_sided;
	bool chapter_recto;     /* chapters open on right-hand pages */
	char *chapter_start;    /* "page", "recto" or "run-on" (see
	                           chapter_start_compat in style.c) */
	char *title;            /* "page": a title page; "block": the
	                           title at the top of the first page;
	                           "auto" until style_fit_document */
	char *page_numbers;     /* "plain", "of-total" ("N / total") or
	                           "none" */
	bool running_heads;
	bool url_footnotes;     /* print each external URL as a footnote */
	double bleed;           /* mm */
	char *writing_mode;     /* "horizontal", or "vertical-rl": the
	                           EPUB is written in vertical lines, right
	                           to left (the PDF stays horizontal) */

	/* [body] */
	char *body_font;        /* family: Simplified Chinese faces */
	char *body_font_tc;     /* for zh-TW, zh-Hant */
	char *body_font_hk;     /* for zh-HK, zh-MO */
	double body_size;       /* pt */
	double line_pitch;      /* baseline to baseline, in em of body_size */
	double indent;          /* first-line indent, em */
	double para_space;      /* extra space between paragraphs, em */
	char *text_color;       /* #rrggbb */
	char *line_break;       /* "basic" or "strict" */

	/* [heading] */
	char *heading_font;
	char *heading_font_tc, *heading_font_hk;
	double heading_size[5]; /* chapter (0), then section levels 1..4 */
	bool heading_center;    /* chapter titles centred */
	char *heading_color;

	/* [code] */
	char *code_font;
	char *code_font_tc, *code_font_hk;
	double code_size;
	char *code_background;
	char *code_highlight;   /* "auto", "color", "grey" or "none" */

	/* [list] */
	char *math_font;        /* formulas (an OpenType MATH font) */
	bool math_images;       /* the EPUB's images of formulas (altimg) */
	double list_indent;     /* em */

	/* [color] */
	char *link_color;
	char *note_background;
	char *rule_color;

	/* [toc] what follows the table of contents (DocBook XSL's
	 * generate.toc "figure" and "table"): a list of the numbered
	 * figures, of the tables, when the book has any */
	bool toc_figures;
	bool toc_tables;
	char *contents;         /* "pages", "inline" (a block after the
	                           title) or "none"; "auto" until
	                           style_fit_document */
	bool figures_given;     /* the style file names figures, */
	bool tables_given;      /* tables, */
	bool chapters_given;    /* number-chapters, */
	bool sections_given;    /* number-sections */

	/* [label] generated text patterns; %s is the number */
	char *chapter_label;    /* "第 %s 章" */
	char *appendix_label;   /* "附录 %s" */
	bool number_sections;
	bool number_chapters;   /* labels on chapters, appendices, parts */

	/* [accessibility] who vouches that the EPUB meets EPUB
	 * Accessibility 1.1 at WCAG 2.1 AA and the PDF PDF/UA-1; NULL
	 * (unset) makes no claim */
	char *certified_by;
};

/* Reads the style: name is a style name (looked up as NAME.ini in the
 * styles directories) or a path. Reports problems through diag and
 * returns NULL on any error. */
struct style *style_load(const char *name_or_path, const char *const *dirs);
void style_free(struct style *s);
/* Settles what the style left to "auto" for the document: article is
 * true for an article (or a block compiled alone), sections when its
 * body has sections for a contents block, titled when the book has a
 * title (without one, no title page). */
void style_fit_document(struct style *s, bool article, bool sections,
    bool titled);

/* The family for a role in a Chinese variant (l10n.h's enum zh_variant:
 * 0 Simplified, 1 Traditional (Taiwan), 2 Hong Kong). */
enum style_role { SR_BODY, SR_HEADING, SR_CODE };
const char *style_font(const struct style *st, enum style_role role,
    int variant);

/* Useful derived sizes, in points. */
double style_mm_to_pt(double mm);

#endif
