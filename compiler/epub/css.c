/*
 * The stylesheet (css/book.css), generated from the style: the embedded
 * fonts' @font-face rules, font stacks that fall back to the book's
 * Chinese variant's faces (SC, TC or HK) on readers' systems, the faces
 * of a passage in another variant (:lang rules), the Chinese rules of
 * TYPOGRAPHY.md for body text, and the look of headings, code, listings,
 * notes, tables and navigation. It writes CSS and nothing else: it never
 * sees the book, the XHTML or the zip (the faces its selectors give
 * elements are mirrored by epub_face_for in content.c).
 */
#include <string.h>

#include "epub.h"
#include "l10n.h"
#include "highlight.h"

/* A font-family list: the embedded face (when there is one) and its
 * embedded fallbacks, the style's family, then the usual names of the SC
 * faces on readers' systems (TYPOGRAPHY.md §3), then the generic family. */
static void
css_stack(GString *css, bool embedded, const char *ours, int fallbacks,
    const char *family, const char *const *system)
{
	if (embedded)
		g_string_append_printf(css, "\"%s\", ", ours);
	for (int k = 0; k < fallbacks; k++)
		g_string_append_printf(css, "\"%s-%d\", ", ours, k + 2);
	if (family && *family && !strchr(family, '"') &&
	    g_strcmp0(family, system[0]) != 0)
		g_string_append_printf(css, "\"%s\", ", family);
	for (; system[1]; system++)
		g_string_append_printf(css, "\"%s\", ", *system);
	g_string_append(css, *system);
}

/* Listings: one block per line, wrapped lines hanging under their first;
 * line numbers, prompts and callout markers drawn by the stylesheet or
 * kept out of a selection, so a reader copies only the code; the
 * highlighter's classes coloured here (the PDF's screen colours, from
 * hl_look), and only here, so that a reading system's night mode can
 * restyle them. No italic: it would slant Han comments. Callout marks
 * that are links are underlined as every link is (their colour alone is
 * 2.5:1 against the text around them: Ace's link-in-text-block). */
static void
stylesheet_listings(GString *c, const struct style *st)
{
	g_string_append(c,
	    "pre span.line {\n  display: block;\n  padding-left: 2em;\n"
	    "  text-indent: -2em;\n}\n"
	    "pre.numbered { counter-reset: line; padding-left: 3.6em; }\n"
	    "pre.numbered span.line { counter-increment: line; }\n"
	    "pre.numbered span.line::before {\n  content: counter(line);\n"
	    "  display: inline-block;\n  width: 2.2em;\n"
	    "  margin-left: -3.2em;\n  margin-right: 1em;\n"
	    "  text-indent: 0;\n  text-align: right;\n");
	g_string_append_printf(c, "  color: %s;\n"
	    "  -webkit-user-select: none;\n  user-select: none;\n}\n",
	    HL_LINE_NUMBER_COLOR);
	for (int k = 0; k < HL_NCLASSES; k++) {
		struct hl_look look = hl_look((enum hl_class)k, false);

		if (look.color)
			g_string_append_printf(c, ".hl-%s { color: %s;%s }\n",
			    hl_class_name((enum hl_class)k), look.color,
			    look.bold ? " font-weight: bold;" : "");
	}
	g_string_append_printf(c,
	    ".co, .co-back { font-weight: normal; }\n"
	    ".hl-prompt, span.prompt, span.co-pad, pre .co {\n"
	    "  -webkit-user-select: none;\n  user-select: none;\n}\n"
	    "span.prompt { color: %s; }\n"
	    "kbd.userinput { font-weight: bold; }\n"
	    "samp.computeroutput { color: %s; }\n"
	    "ol.calloutlist { list-style: none; padding-left: 0; }\n"
	    /* The back-of-book index: no bullets, subentries indented. */
	    "ul.index { list-style: none; padding-left: 0; margin: 0 0 0.5em 0; }\n"
	    "li.index-2 { margin-left: 2em; }\n"
	    "li.index-3 { margin-left: 4em; }\n"
	    "h2.index-group { break-after: avoid; page-break-after: avoid; }\n",
	    hl_look(HL_PROMPT, false).color, hl_look(HL_OUTPUT, false).color);
}

/*
 * The Han-Latin gap and adjacent-mark compression, as the text writer
 * marks them (spacing.c): a quarter-em margin before the character after
 * the boundary, the face's halt forms on the compressed mark. An engine
 * that spaces and compresses by itself (text-autospace,
 * text-spacing-trim) spaces instead and the gaps' margins are off, so
 * that nothing is spaced twice; the halt forms stay, as Chromium 156
 * leaves ：！ and ）。 full width, and halt on a mark the engine
 * compresses too is the same feature, applied once. The native spacing
 * is asked for only where both are known: WebKit, which knows text-autospace but not
 * text-spacing-trim, draws digits over the Han character beside them
 * when text-autospace: normal is declared and one CJK face covers Latin.
 */
static void
stylesheet_spacing(GString *c)
{
	g_string_append(c,
	    "span.hg { margin-left: 0.25em; }\n"
	    "span.halt {\n  -webkit-font-feature-settings: \"halt\" 1;\n"
	    "  font-feature-settings: \"halt\" 1;\n}\n"
	    "@supports (text-autospace: normal) and "
	    "(text-spacing-trim: normal) {\n"
	    "  body { text-autospace: normal; text-spacing-trim: normal; }\n"
	    "  span.hg { margin-left: 0; }\n}\n"
	    "@supports (hanging-punctuation: none) {\n"
	    "  body { hanging-punctuation: none; }\n}\n");
}

/* The usual names of each variant's faces on readers' systems. */
static const char *const serif_names[ZH__COUNT][8] = {
	{ "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN",
	    "Songti SC", "STSong", "SimSun", "serif", NULL },
	{ "Noto Serif CJK TC", "Source Han Serif TC", "Source Han Serif TW",
	    "Songti TC", "PMingLiU", "serif", NULL },
	{ "Noto Serif CJK HK", "Source Han Serif HC", "Source Han Serif HK",
	    "Songti TC", "MingLiU_HKSCS", "serif", NULL },
};
static const char *const sans_names[ZH__COUNT][6] = {
	{ "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
	    "Microsoft YaHei", "sans-serif", NULL },
	{ "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC",
	    "Microsoft JhengHei", "sans-serif", NULL },
	{ "Noto Sans CJK HK", "Source Han Sans HC", "PingFang HK",
	    "Microsoft JhengHei", "sans-serif", NULL },
};
static const char *const mono_names[ZH__COUNT][3] = {
	{ "Noto Sans Mono CJK SC", "monospace", NULL },
	{ "Noto Sans Mono CJK TC", "monospace", NULL },
	{ "Noto Sans Mono CJK HK", "monospace", NULL },
};

/* One selector list: each of tags (NULL: any element) as T:lang(L),
 * T[lang]:lang(L) and T [lang]:lang(L), for each of langs. */
static void
lang_selectors(GString *c, const char *const *tags,
    const char *const *langs)
{
	bool first = true;

	for (const char *const *l = langs; *l; l++) {
		if (tags == NULL) {
			g_string_append_printf(c, "%s[lang]:lang(%s)",
			    first ? "" : ", ", *l);
			first = false;
			continue;
		}
		for (const char *const *t = tags; *t; t++) {
			g_string_append_printf(c, "%s%s:lang(%s), "
			    "%s[lang]:lang(%s), %s [lang]:lang(%s)",
			    first ? "" : ",\n", *t, *l, *t, *l, *t, *l);
			first = false;
		}
	}
}

/*
 * Vertical writing (writing-mode = vertical-rl), as Taiwanese and Hong
 * Kong e-books often are: lines top to bottom, right to left (the spine
 * turns pages right to left); Han upright, Latin lying sideways, a
 * number of one or two digits upright in one em (span.tcy, spacing.c);
 * Chinese marks in the faces' vert forms, asked for by span.vt and
 * span.vu (spacing.c says why), and a halved mark with vhal, as halt
 * is for horizontal metrics (WebKitGTK overlaps marks set with it). The
 * Han-Latin gap goes above the character, always the markup's: Chromium
 * 156's text-autospace draws the Han character after a sideways Latin
 * run over its end in vertical-rl (seen in tests/trad/tw.xml's 的, 版);
 * listings and tables stay
 * horizontal, as their lines and columns are read across. The -epub-
 * and -webkit- names are for readers on older engines (EPUB 3.0.1).
 */
static void
stylesheet_vertical(GString *c)
{
	g_string_append(c, "\n/* Vertical writing. */\n"
	    "html {\n  -epub-writing-mode: vertical-rl;\n"
	    "  -webkit-writing-mode: vertical-rl;\n"
	    "  writing-mode: vertical-rl;\n}\n"
	    "span.tcy {\n  -epub-text-combine: horizontal;\n"
	    "  -webkit-text-combine: horizontal;\n"
	    "  text-combine-upright: all;\n}\n"
	    "span.hg { margin-left: 0; margin-top: 0.25em; }\n"
	    "span.vt {\n  -webkit-font-feature-settings: \"vert\" 1;\n"
	    "  font-feature-settings: \"vert\" 1;\n}\n"
	    "span.vu {\n  -epub-text-orientation: upright;\n"
	    "  -webkit-text-orientation: upright;\n"
	    "  text-orientation: upright;\n"
	    "  -webkit-font-feature-settings: \"vert\" 1;\n"
	    "  font-feature-settings: \"vert\" 1;\n}\n"
	    "span.halt {\n"
	    "  -webkit-font-feature-settings: \"vert\" 1, \"vhal\" 1;\n"
	    "  font-feature-settings: \"vert\" 1, \"vhal\" 1;\n}\n"
	    "body { text-autospace: no-autospace; }\n"
	    "pre, table {\n  -epub-writing-mode: horizontal-tb;\n"
	    "  -webkit-writing-mode: horizontal-tb;\n"
	    "  writing-mode: horizontal-tb;\n}\n");
}

/* One rule of stylesheet_passages: the selectors, then the family
 * stack of our face (ours and its suffix sx: "bookc-serif-tc"). */
static void
passage_rule(GString *c, const char *const *tags, const char *const *langs,
    const char *ours, const char *sx, bool embedded, int fallbacks,
    const char *family, const char *const *system)
{
	char *name = g_strconcat(ours, sx, NULL);

	lang_selectors(c, tags, langs);
	g_string_append(c, " {\n  font-family: ");
	css_stack(c, embedded, name, fallbacks, family, system);
	g_string_append(c, ";\n}\n");
	g_free(name);
}

/*
 * A Chinese passage of another variant than the book's (a zh-TW
 * quotation in a zh-CN book): its own faces, embedded under families of
 * their own ("bookc-serif-tc"), for the element that carries its lang
 * and everything in it; headings and code keep their roles.
 */
static void
stylesheet_passages(GString *c, const struct style *st, int book,
    const GPtrArray *fonts)
{
	static const char *const tags[ZH__COUNT][3] = {
		{ "zh-CN", NULL }, { "zh-TW", NULL },
		{ "zh-HK", "zh-MO", NULL } };
	static const char *const heads[] = {
		"h1", "h2", "h3", "h4", "h5", "h6", NULL };
	static const char *const mono[] = {
		"code", "pre", "kbd", "samp", NULL };
	static const char *const sfx[ZH__COUNT] = { "-sc", "-tc", "-hk" };
	bool other = false;

	for (guint i = 0; i < fonts->len; i++)
		other |= ((const struct epub_font_file *)
		    fonts->pdata[i])->variant >= 0;
	if (!other)
		return;
	g_string_append(c, "\n/* Passages in another Chinese variant; one "
	    "in the book's inside them. */\n");
	for (int v = 0; v < ZH__COUNT; v++) {
		bool emb[FACE__COUNT] = { false };
		int fb[FACE__COUNT] = { 0 };
		bool any = v == book;
		const char *sx = v == book ? "" : sfx[v];

		for (guint i = 0; i < fonts->len; i++) {
			const struct epub_font_file *ff = fonts->pdata[i];

			if (ff->variant != (v == book ? -1 : v))
				continue;
			any = true;
			if (ff->fallback == 0)
				emb[ff->face] = true;
			fb[ff->face] = MAX(fb[ff->face], ff->fallback);
		}
		if (!any)
			continue;
		passage_rule(c, NULL, tags[v], "bookc-serif", sx,
		    emb[FACE_SERIF] || emb[FACE_SERIF_BOLD],
		    MAX(fb[FACE_SERIF], fb[FACE_SERIF_BOLD]),
		    style_font(st, SR_BODY, v), serif_names[v]);
		passage_rule(c, heads, tags[v], "bookc-sans", sx,
		    emb[FACE_SANS], fb[FACE_SANS],
		    style_font(st, SR_HEADING, v), sans_names[v]);
		passage_rule(c, mono, tags[v], "bookc-mono", sx,
		    emb[FACE_MONO], fb[FACE_MONO],
		    style_font(st, SR_CODE, v), mono_names[v]);
	}
}

char *
epub_stylesheet(const struct style *st, const char *lang,
    const GPtrArray *fonts, const bool embedded[FACE__COUNT],
    const int fallbacks[FACE__COUNT], bool western_quotes, bool mathml,
    bool biblio, size_t *len)
{
	int v = l10n_zh_variant(lang);
	const char *const *serif = serif_names[v];
	const char *const *sans = sans_names[v];
	const char *const *mono = mono_names[v];
	GString *c = g_string_new("@charset \"UTF-8\";\n"
	    "/* Generated by bookc from the style '");
	double bs = st->body_size;

	g_string_append_printf(c, "%s'. */\n\n", st->name ? st->name : "");
	for (guint i = 0; i < fonts->len; i++) {
		const struct epub_font_file *ff = fonts->pdata[i];

		g_string_append_printf(c, "@font-face {\n"
		    "  font-family: \"%s\";\n  font-style: normal;\n"
		    "  font-weight: %s;\n  src: url(\"../%s\");\n}\n",
		    ff->family, ff->weight, ff->href);
	}

	/* Body: the Chinese rules of TYPOGRAPHY.md (R1-R24, EPUB lines). */
	g_string_append(c, "\nbody {\n  font-family: ");
	css_stack(c, embedded[FACE_SERIF], "bookc-serif",
	    MAX(fallbacks[FACE_SERIF], fallbacks[FACE_SERIF_BOLD]),
	    style_font(st, SR_BODY, v), serif);
	g_string_append_printf(c, ";\n  line-height: %.3g;\n  color: %s;\n"
	    "  text-align: justify;\n  text-justify: auto;\n"
	    "  line-break: strict;\n  word-break: normal;\n"
	    "  overflow-wrap: break-word;\n"
	    "  orphans: 2;\n  widows: 2;\n"
	    "  margin: 0 0.5em;\n}\n", st->line_pitch, st->text_color);
	stylesheet_spacing(c);
	g_string_append_printf(c, "p {\n  margin: %.3gem 0 0 0;\n"
	    "  text-indent: %.3gem;\n}\n", st->para_space, st->indent);
	g_string_append(c, "p.noindent, li p, dd p, td p, th p, "
	    "aside p, figcaption, caption, .titlepage p, p.title,\n"
	    "p.literallayout, p.attribution, p.missing-image {\n"
	    "  text-indent: 0;\n}\n");
	/* Bibliography entries hang their lines under the label, as
	 * DocBook XSL's print output sets them. */
	if (biblio)
		g_string_append(c, "p.biblioentry {\n  padding-left: 2em;\n"
		    "  text-indent: -2em;\n}\n");

	/* Headings: the heading family, kept with what follows. */
	g_string_append(c, "h1, h2, h3, h4, h5, h6 {\n  font-family: ");
	css_stack(c, embedded[FACE_SANS], "bookc-sans", fallbacks[FACE_SANS],
	    style_font(st, SR_HEADING, v), sans);
	g_string_append_printf(c, ";\n  font-weight: bold;\n  color: %s;\n"
	    "  line-height: 1.4;\n  text-align: left;\n  text-indent: 0;\n"
	    "  hyphens: none;\n  break-after: avoid;\n"
	    "  page-break-after: avoid;\n  break-inside: avoid;\n"
	    "  page-break-inside: avoid;\n  margin: 1.4em 0 0.7em 0;\n}\n",
	    st->heading_color);
	/* h1 in one rule: Check Book reports a selector given twice. */
	g_string_append_printf(c, "h1 {\n  font-size: %.3gem;\n"
	    "  margin: 1.5em 0 1.5em 0;\n%s}\n", st->heading_size[0] / bs,
	    st->heading_center ? "  text-align: center;\n" : "");
	for (int i = 1; i < 5; i++)
		g_string_append_printf(c, "h%d { font-size: %.3gem; }\n", i + 1,
		    st->heading_size[i] / bs);
	g_string_append(c, "h6 { font-size: 1em; }\n");
	g_string_append(c, "h1 .label {\n  display: block;\n"
	    "  font-size: 0.75em;\n  margin-bottom: 0.3em;\n}\n"
	    "h2 .label, h3 .label, h4 .label, h5 .label, h6 .label "
	    "{ margin-right: 0.25em; }\n");

	/* Emphasis: never italic on Han (R20); italic for English. */
	g_string_append(c, "em {\n  font-style: normal;\n"
	    "  font-weight: bold;\n}\n"
	    "em:lang(en) {\n  font-style: italic;\n  font-weight: normal;\n}\n"
	    "strong, b, th, dt { font-weight: bold; }\n"
	    "var { font-style: normal; }\n"
	    "var:lang(en) { font-style: italic; }\n");

	/* Western curly quotes (quote.c): the face's proportional forms,
	 * as the PDF draws them (R3, R12). Only in a book that has them, so
	 * other books' stylesheets stay as they were. */
	if (western_quotes)
		g_string_append(c, "span.wq { font-feature-settings: "
		    "\"pwid\" 1; }\n");
	/* Formulas (epub/math.c): the reading system's math font;
	 * a quarter em between an inline formula and Han text (math.hgl,
	 * math.hgr: engines that autospace text do not space formulas);
	 * an untitled equation's number at the right of its display line,
	 * level with the formula's middle (a flex line: a float dropped it
	 * below the formula in Chromium and WebKit);
	 * a display formula wider than the screen scrolls within its own
	 * box (engines do not break formulas), not the page (its paragraph
	 * scrolls too: WebKit lets no <math> scroll), sideways only
	 * (overflow-x alone makes overflow-y auto, and Chromium drew scroll
	 * arrows beside every display whose ink passed its box by a pixel),
	 * and so does a long inline one where nothing broke it, in a
	 * span.mwide (an inline-flex box keeps the formula's baseline on the
	 * line's). */
	if (mathml)
		g_string_append(c, "math { font-family: math; }\n"
		    "math.hgl { margin-left: 0.25em; }\n"
		    "math.hgr { margin-right: 0.25em; }\n"
		    "math[display=\"block\"] { max-width: 100%; "
		    "overflow-x: auto; overflow-y: hidden; }\n"
		    "span.mwide { display: inline-flex; max-width: 100%; "
		    "overflow-x: auto; overflow-y: hidden; }\n"
		    "figure.equation p, figure.informalequation p "
		    "{ text-indent: 0; text-align: center; "
		    "overflow-x: auto; overflow-y: hidden; }\n"
		    "figure.equation p { display: flex; align-items: center; "
		    "justify-content: center; }\n"
		    "figure.equation p > math { flex: 1 1 auto; "
		    "min-width: 0; }\n"
		    "span.eqno { order: 1; flex: none; margin-left: 1em; }\n");

	/* Code. */
	g_string_append(c, "code, pre, kbd, samp {\n  font-family: ");
	css_stack(c, embedded[FACE_MONO], "bookc-mono", fallbacks[FACE_MONO],
	    style_font(st, SR_CODE, v), mono);
	/* Each selector before the more specific ones that name its element
	 * (Calibre's Check Book, like stylelint, asks for that order). */
	g_string_append_printf(c, ";\n  font-size: %.3gem;\n}\n"
	    "code { overflow-wrap: anywhere; }\n"
	    "pre code, pre kbd, pre samp, h1 code, h2 code, h3 code, h4 code, "
	    "h5 code, h6 code { font-size: 1em; }\n"
	    "pre {\n  white-space: pre-wrap;\n  overflow-wrap: anywhere;\n"
	    "  text-align: left;\n  text-indent: 0;\n  line-height: 1.5;\n"
	    "  hyphens: none;\n  background-color: %s;\n"
	    "  padding: 0.6em 0.8em;\n  margin: 0.8em 0;\n}\n"
	    /* A table cell's code breaks at its <wbr>s (content.c), and
	     * anywhere only when a piece is wider than the column: breaking
	     * anywhere would make the column as narrow as one letter. */
	    "td code, th code { overflow-wrap: break-word; }\n"
	    ".url { word-break: break-all; overflow-wrap: anywhere; }\n",
	    st->code_size / bs, st->code_background);
	stylesheet_listings(c, st);

	/* Links, lists, notes, quotations, figures, tables, footnotes.
	 * A link is underlined: its colour alone is 2.5:1 against black
	 * text, and WCAG asks for 3:1 and a cue besides colour (Ace's
	 * link-in-text-block). Navigation is all links: no underline. */
	g_string_append_printf(c,
	    "a {\n  color: %s;\n  text-decoration: underline;\n"
	    "  text-decoration-thickness: 1px;\n"
	    "  text-underline-offset: 0.15em;\n}\n"
	    "nav a { text-decoration: none; }\n"
	    "ul, ol { margin: 0.4em 0; padding-left: %.3gem; }\n"
	    "li { margin: 0.2em 0; }\n"
	    "dl { margin: 0.6em 0; }\n"
	    "dt { margin-top: 0.4em; }\n"
	    "dd { margin-left: %.3gem; }\n",
	    st->link_color, st->list_indent, st->list_indent);
	g_string_append_printf(c,
	    "aside.admonition {\n  background-color: %s;\n"
	    "  border-left: 3px solid %s;\n  padding: 0.5em 1em;\n"
	    "  margin: 1em 0;\n  break-inside: avoid;\n}\n"
	    "p.admonition-title { margin: 0; }\n"
	    "blockquote { margin: 1em 2em; }\n"
	    "p.attribution { text-align: right; }\n"
	    "figure { margin: 1em 0; text-align: center; "
	    "break-inside: avoid; }\n"
	    /* An example holds text, lists and layouts, not a picture. */
	    "figure.example, figure.informalexample { text-align: left; }\n"
	    ".mediaobject img { max-width: 100%%; height: auto; }\n"
	    "figcaption, caption { font-size: 0.9em; text-align: center; "
	    "margin: 0.4em 0; }\n"
	    "p.missing-image { border: 1px dashed %s; padding: 1em; "
	    "text-align: center; }\n"
	    "table { border-collapse: collapse; margin: 1em auto; }\n"
	    "th, td {\n  border: 1px solid %s;\n  padding: 0.3em 0.6em;\n"
	    "  text-align: left;\n  vertical-align: top;\n}\n"
	    /* A table that says where its rules are (CALS frame, colsep,
	     * rowsep; HTML border, rules, frame) has those alone. */
	    "table.ruled > * > tr > td, table.ruled > * > tr > th, "
	    "table.ruled > tr > td, table.ruled > tr > th "
	    "{ border: none; }\n"
	    "table.frame-top { border-top: 1px solid %s; }\n"
	    "table.frame-bottom { border-bottom: 1px solid %s; }\n"
	    "table.frame-left { border-left: 1px solid %s; }\n"
	    "table.frame-right { border-right: 1px solid %s; }\n"
	    "table.ruled > * > tr > .colsep { border-right: 1px solid %s; }\n"
	    "table.ruled > * > tr > .rowsep { border-bottom: 1px solid %s; }\n"
	    ".align-left { text-align: left; }\n"
	    ".align-right, .align-char { text-align: right; }\n"
	    ".align-center { text-align: center; }\n"
	    ".align-justify { text-align: justify; }\n"
	    "span.char-rest { display: inline-block; text-align: left; }\n"
	    ".valign-top { vertical-align: top; }\n"
	    ".valign-middle { vertical-align: middle; }\n"
	    ".valign-bottom { vertical-align: bottom; }\n"
	    /* A phone's screen (420 px): six columns of the Subversion
	     * book's client table ran 100 px off it. */
	    "@media (max-width: 40em) {\n"
	    "  th, td { padding: 0.2em 0.25em; }\n"
	    "  table { font-size: 0.85em; }\n}\n"
	    "td p:first-child, th p:first-child, li p:first-child, "
	    "dd p:first-child { margin-top: 0; }\n"
	    "p.literallayout { white-space: pre-wrap; }\n"
	    "p.title { margin: 0.8em 0 0.3em 0; }\n"
	    "sup.noteref { font-size: 0.75em; line-height: 0; }\n"
	    /* The rule is the first note's: a reader that hides the notes
	     * (they pop up) hides it with them. */
	    "section.footnotes { margin-top: 2em; }\n"
	    "aside.footnote:first-child::before {\n  content: \"\";\n"
	    "  display: block;\n  border-top: 1px solid %s;\n"
	    "  width: 30%%;\n  margin-bottom: 0.8em;\n}\n"
	    "aside.footnote { font-size: 0.9em; margin: 0.3em 0; }\n"
	    ".footnote-back { margin-right: 0.5em; }\n",
	    st->note_background, st->rule_color, st->rule_color,
	    st->rule_color, st->rule_color, st->rule_color, st->rule_color,
	    st->rule_color, st->rule_color, st->rule_color, st->rule_color);

	/* Title page, cover, navigation. */
	g_string_append(c,
	    "section.titlepage { text-align: center; }\n"
	    "h1.book-title { font-size: 2em; margin-top: 20%; "
	    "text-align: center; }\n"
	    "section.titlepage p { text-align: center; margin: 0.5em 0; }\n"
	    "section.titlepage div.abstract p { text-align: justify; "
	    "text-indent: 2em; }\n"
	    "div.abstract, div.legalnotice { margin: 2em 0; }\n"
	    "div.cover { text-align: center; margin: 0; padding: 0; }\n"
	    "div.cover img { max-width: 100%; max-height: 100vh; }\n"
	    "nav ol { list-style: none; padding-left: 1.5em; }\n"
	    "nav > ol { padding-left: 0; }\n"
	    /* Last: more specific than td p:first-child and the rest. */
	    "ol.calloutlist > li > p:first-child "
	    "{ padding-left: 1.5em; text-indent: -1.5em; }\n");
	stylesheet_passages(c, st, v, fonts);
	if (strcmp(st->writing_mode, "vertical-rl") == 0)
		stylesheet_vertical(c);
	if (len)
		*len = c->len;
	return g_string_free(c, FALSE);
}
