/*
 * Step 5 of the paragraph typesetter (see typo.c): the final lines as
 * struct tline, either cut from the measuring layout's glyph items at
 * the breaks of ours (typo_cut_lines) or taken from a final layout set
 * with a U+2028 at each (typo_layout_lines). It sees only Pango's
 * layouts and glyph items, never the working text (struct para), and
 * leaves advances as shaped, but for a Western character before a cut
 * (unkern_end): justification is typo_justify.c's.
 */
#include <string.h>

#include <hb-ot.h>

#include "typo_int.h"

/* The final layout's lines; ours marks the U+2028 we put in. Not
 * readonly: this marks the lines uncached, so their extents are computed
 * from the glyphs as typo_finish_lines leaves them. */
struct tline *
typo_layout_lines(PangoLayout *l, const bool *ours, int *ntl)
{
	GSList *lines = pango_layout_get_lines(l);
	struct tline *tl = g_new0(struct tline, g_slist_length(lines) + 1);
	int i = 0;

	for (GSList *li = lines; li; li = li->next, i++) {
		PangoLayoutLine *line = li->data;
		int e = line->start_index + line->length;

		tl[i].pl = line;
		tl[i].runs = line->runs;
		tl[i].start = line->start_index;
		tl[i].length = line->length;
		tl[i].para_start = line->is_paragraph_start;
		tl[i].ours = li->next && e > 0 && ours[e - 1];
	}
	*ntl = i;
	return tl;
}

/*
 * Whether the measuring layout l can be cut at the byte offsets cuts
 * (ncuts, increasing) into the final lines, instead of setting the
 * paragraph again: every run left to right with no offsets of Pango's
 * own, no tab (its width depends on where its line starts), and each cut
 * at a run's start or a cluster boundary inside one.
 */
bool
typo_cuttable(PangoLayout *l, const char *text, int len, const int *cuts,
    int ncuts)
{
	int c = 0;

	if (memchr(text, '\t', len))
		return false;
	for (GSList *li = pango_layout_get_lines_readonly(l); li;
	    li = li->next) {
		PangoLayoutLine *line = li->data;

		if (line->resolved_dir == PANGO_DIRECTION_RTL)
			return false;
		for (GSList *r = line->runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;
			int s = run->item->offset, e = s + run->item->length;
			int g = 0;

			if (run->item->analysis.level % 2 ||
			    run->start_x_offset || run->end_x_offset)
				return false;
			if (c < ncuts && cuts[c] < s)
				return false;   /* between runs */
			if (c < ncuts && cuts[c] == s)
				c++;
			for (; c < ncuts && cuts[c] < e; c++) {
				int at = cuts[c] - s;

				while (g < run->glyphs->num_glyphs &&
				    run->glyphs->log_clusters[g] < at)
					g++;
				if (g == run->glyphs->num_glyphs ||
				    run->glyphs->log_clusters[g] != at)
					return false;
			}
		}
	}
	return c == ncuts;
}

/* A run's baseline by tag, as Pango's apply_baseline_shift asks it. */
static hb_position_t
run_baseline(const PangoItem *it, hb_ot_layout_baseline_tag_t tag)
{
	hb_tag_t st[HB_OT_MAX_TAGS_PER_SCRIPT], lt[HB_OT_MAX_TAGS_PER_LANGUAGE];
	unsigned sc = HB_OT_MAX_TAGS_PER_SCRIPT;
	unsigned lc = HB_OT_MAX_TAGS_PER_LANGUAGE;
	hb_position_t b = 0;

	hb_ot_tags_from_script_and_language(
	    (hb_script_t)g_unicode_script_to_iso15924(it->analysis.script),
	    hb_language_from_string(pango_language_to_string(
	    it->analysis.language), -1), &sc, st, &lc, lt);
	hb_ot_layout_get_baseline_with_fallback(
	    pango_font_get_hb_font(it->analysis.font), tag,
	    HB_DIRECTION_LTR, sc ? st[sc - 1] : HB_OT_TAG_DEFAULT_SCRIPT,
	    lc ? lt[lc - 1] : HB_TAG_NONE, &b);
	return b;
}

/*
 * Each run's rise on a cut line, as Pango 1.50 sets it for a line it
 * made (apply_baseline_shift): the rise attributes over it, plus the
 * distance from its baseline to the line's first run's, by the baseline
 * the first run's script uses. (bookc sets no baseline-shift attribute.)
 */
static void
cut_line_rises(GSList *runs)
{
	hb_ot_layout_baseline_tag_t tag = 0;
	hb_position_t base = 0;

	for (GSList *r = runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;
		const PangoItem *it = run->item;
		hb_position_t b;
		int rise = 0;

		if (it->analysis.font == NULL)
			continue;
		if (tag == 0) {
			tag = hb_ot_layout_get_horizontal_baseline_tag_for_script(
			    (hb_script_t)g_unicode_script_to_iso15924(
			    it->analysis.script));
			base = run_baseline(it, tag);
		}
		b = run_baseline(it, tag);
		for (GSList *a = it->analysis.extra_attrs; a; a = a->next) {
			const PangoAttribute *at = a->data;

			if (at->klass->type == PANGO_ATTR_RISE)
				rise += ((const PangoAttrInt *)at)->value;
		}
		run->y_offset = rise + base - b;
	}
}

/*
 * The last cluster of a glyph item cut before the text that followed it
 * (see typo_cut_lines), with the advances it has alone: a kerning pair
 * across the cut ("-" then "P" in a code line broken after the hyphen)
 * no longer narrows it, as it would not in a layout where a line ends
 * there.
 */
static void
unkern_end(PangoGlyphItem *gi, const char *text, int len)
{
	PangoGlyphString *gs = gi->glyphs, *alone;
	int n = gs->num_glyphs, g = n - 1, at;

	if (n == 0)
		return;
	at = gs->log_clusters[g];
	while (g > 0 && gs->log_clusters[g - 1] == at)
		g--;
	alone = pango_glyph_string_new();
	pango_shape_with_flags(text + gi->item->offset + at,
	    gi->item->length - at, text, len, &gi->item->analysis, alone,
	    PANGO_SHAPE_NONE);
	if (alone->num_glyphs == n - g) {
		for (int i = 0; i < n - g; i++)
			if (alone->glyphs[i].glyph == gs->glyphs[g + i].glyph)
				gs->glyphs[g + i].geometry.width =
				    alone->glyphs[i].geometry.width;
	}
	pango_glyph_string_free(alone);
}

/*
 * Step 5 without a second layout: the measuring layout's lines cut at
 * the breaks of ours (byte offsets cuts, see typo_cuttable), their glyph
 * items split there (pango_glyph_item_split). The lines take the items
 * from the layout. Shaping does not restart at a cut, as it does at the
 * final layout's U+2028: where a Western character ends a line
 * (needs_end), its cluster is shaped again alone (unkern_end), so a
 * kerning pair across the break does not narrow it; a line after a cut
 * gets its runs' baselines anew (cut_line_rises).
 */
struct tline *
typo_cut_lines(PangoLayout *l, const char *text, int len, const int *cuts,
    const bool *needs_end, int ncuts, int *ntl)
{
	GSList *lines = pango_layout_get_lines(l);
	struct tline *tl = g_new0(struct tline,
	    g_slist_length(lines) + ncuts + 1);
	int c = 0, i = 0;

	for (GSList *li = lines; li; li = li->next) {
		PangoLayoutLine *line = li->data;
		GSList *runs = line->runs;
		struct tline *t = &tl[i];

		line->runs = NULL;
		t->start = line->start_index;
		t->para_start = line->is_paragraph_start;
		for (GSList *r = runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;

			for (;;) {
				int s = run->item->offset;
				PangoGlyphItem *head = NULL;

				if (c >= ncuts || cuts[c] >= s +
				    run->item->length)
					break;
				if (cuts[c] > s) {
					head = pango_glyph_item_split(run,
					    text, cuts[c] - s);
					if (needs_end[c])
						unkern_end(head, text, len);
					t->runs = g_slist_prepend(t->runs, head);
				}
				t->runs = g_slist_reverse(t->runs);
				t->length = cuts[c] - t->start;
				t->ours = true;
				t = &tl[++i];
				t->start = cuts[c++];
			}
			t->runs = g_slist_prepend(t->runs, run);
		}
		g_slist_free(runs);
		t->runs = g_slist_reverse(t->runs);
		t->length = line->start_index + line->length - t->start;
		i++;
	}
	for (int k = 1; k < i; k++)
		if (tl[k - 1].ours)
			cut_line_rises(tl[k].runs);
	*ntl = i;
	return tl;
}

void
typo_tlines_free(struct tline *tl, int ntl)
{
	for (int i = 0; i < ntl; i++)
		if (tl[i].pl == NULL)
			g_slist_free_full(tl[i].runs,
			    (GDestroyNotify)pango_glyph_item_free);
	g_free(tl);
}
