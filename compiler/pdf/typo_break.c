/*
 * Total-fit line breaking after Knuth and Plass ("Breaking paragraphs
 * into lines", 1981), the method xeCJK, Typst and Prince use: every
 * feasible break is a node; each line costs (1 + badness)^2 demerits plus
 * penalties; the paragraph takes the path of least total demerits. This
 * is what keeps Chinese lines from going loose where a greedy breaker
 * leaves a Han pitch above 1.25 em (TYPOGRAPHY.md R14, J3).
 *
 * Badness is measured against the stretch typo.c hands in: a Han gap has
 * 0.25 em of stretch, so ratio 1 is exactly the 1.25-em looseness limit
 * and the first pass admits nothing looser.
 */
#include <glib.h>
#include <math.h>

#include "typo_break.h"

struct node {
	int pos;        /* first character of the line after this break */
	int line;       /* lines before pos */
	int fitness;    /* 0 tight .. 3 very loose */
	bool para;      /* the line from here starts a paragraph */
	double total;   /* demerits of the best path to here */
	int prev;       /* node index, -1 for the start */
};

/* Prefix sums, so a line's totals cost O(1). */
struct sums {
	double *w, *y, *z, *gy, *solid;
	int *gluestart; /* first of the run of vanishing chars ending at k */
};

#define LINE_PENALTY 10.0
#define FITNESS_DEMERITS 1000.0
#define ORPHAN_DEMERITS 500000.0
#define EMERG_PENALTY 5000.0
#define EMERG_CODE_PENALTY 100000.0
#define INFEASIBLE 1e3
/* Active breaks kept at most. A line holds a few dozen break
 * opportunities, so real paragraphs never come near this; text of
 * zero-width characters or a hostile paragraph would otherwise keep every
 * break alive and make the pass quadratic. Past it, the costliest paths
 * are given up. */
#define MAX_ACTIVE 400

static void
sums_make(const struct tb_para *p, struct sums *s)
{
	int n = p->n;

	s->w = g_new0(double, n + 1);
	s->y = g_new0(double, n + 1);
	s->z = g_new0(double, n + 1);
	s->gy = g_new0(double, n + 1);
	s->solid = g_new0(double, n + 1);
	s->gluestart = g_new0(int, n + 1);
	for (int k = 0; k < n; k++) {
		s->w[k + 1] = s->w[k] + p->w[k];
		s->y[k + 1] = s->y[k] + p->y[k];
		s->z[k + 1] = s->z[k] + p->z[k];
		s->gy[k + 1] = s->gy[k] + p->gy[k];
		s->solid[k + 1] = s->solid[k] + (p->solid[k] ? 1 : 0);
	}
	s->gluestart[0] = 0;
	for (int k = 1; k <= n; k++)
		s->gluestart[k] = p->glue[k - 1] ? s->gluestart[k - 1] : k;
}

static void
sums_free(struct sums *s)
{
	g_free(s->w);
	g_free(s->y);
	g_free(s->z);
	g_free(s->gy);
	g_free(s->solid);
	g_free(s->gluestart);
}

/*
 * The adjustment ratio of the line [a, b): its vanishing end glue
 * dropped, a closing mark at its end trimmed. Returns -INFINITY when the
 * line cannot be shrunk enough.
 */
static double
line_ratio(const struct tb_para *p, const struct sums *s, int a, int b,
    int avail, bool last)
{
	int t = s->gluestart[b] > a ? s->gluestart[b] : a;
	double w, y, z;

	w = s->w[t] - s->w[a];
	y = s->y[t] - s->y[a];
	z = s->z[t] - s->z[a];
	if (t - a >= 2)
		y += s->gy[t - 1] - s->gy[a];
	if (t > a && p->trim[t - 1] > 0) {
		w -= p->trim[t - 1];
		z -= p->z[t - 1];
	}
	if (p->ragged) {
		y = last ? 0 : p->ragged_stretch;
		z = 0;
	} else if (y < p->min_stretch) {
		/* A line of code or a URL cannot be justified; judge it by how
		 * short it is, or it would force looser lines around it. */
		y = p->min_stretch;
	}
	if (w <= avail) {
		if (last)
			return 0;
		return y > 0 ? (avail - w) / y : INFEASIBLE;
	}
	if (z <= 0 || w - avail > z + 0.5)
		return -INFINITY;
	return -(w - avail) / z;
}

static int
fitness_of(double r)
{
	if (r < -0.5)
		return 0;
	if (r <= 0.5)
		return 1;
	if (r <= 1)
		return 2;
	return 3;
}

/*
 * One pass at a tolerance. Returns the index of the final node, or -1
 * when no path exists (the caller then tries a looser pass). With
 * rescue set, a paragraph that cannot be set without an overfull line
 * still gets one, from the last node that died.
 */
static int
pass(const struct tb_para *p, const struct sums *s, double tol, bool emerg,
    bool rescue, GArray *nodes)
{
	GArray *active = g_array_new(FALSE, FALSE, sizeof(int));
	struct node start = { 0, 0, 1, true, 0, -1 };
	int result = -1;

	g_array_set_size(nodes, 0);
	g_array_append_val(nodes, start);
	{
		int zero = 0;
		g_array_append_val(active, zero);
	}
	for (int b = 1; b <= p->n; b++) {
		unsigned char kind = b == p->n ? TB_FORCE_PARA : p->brk[b];
		bool forced = kind == TB_FORCE || kind == TB_FORCE_PARA;
		double penalty = 0;
		struct node best[4];
		bool have[4] = { false, false, false, false };
		int died = -1;

		if (kind == TB_NONE || ((kind == TB_EMERG ||
		    kind == TB_EMERG_CODE) && !emerg))
			continue;
		if (kind == TB_EMERG)
			penalty = EMERG_PENALTY;
		if (kind == TB_EMERG_CODE)
			penalty = EMERG_CODE_PENALTY;
		for (guint i = 0; i < active->len; ) {
			int ai = g_array_index(active, int, i);
			struct node *a = &g_array_index(nodes, struct node, ai);
			int avail = a->para ? p->width_first : p->width;
			double r = line_ratio(p, s, a->pos, b, avail, forced);
			double bad, d;
			int fit;

			if (r < -1 || r == -INFINITY) {
				died = ai;
				g_array_remove_index(active, i);
				continue;
			}
			i++;
			if (r > tol)
				continue;
			/* Not capped: in the last pass a line that cannot be
			 * justified must still lose to a tighter one. */
			bad = 100 * fabs(r * r * r);
			if (bad > 1e7)
				bad = 1e7;
			d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad) +
			    penalty * penalty;
			fit = forced ? 1 : fitness_of(r);
			if (abs(fit - a->fitness) > 1)
				d += FITNESS_DEMERITS;
			/* 孤字: a paragraph's last line needs two characters. */
			if (kind == TB_FORCE_PARA && a->pos > 0 &&
			    s->solid[b] - s->solid[a->pos] < 2 &&
			    s->solid[b] - s->solid[a->pos] > 0)
				d += ORPHAN_DEMERITS;
			d += a->total;
			if (!have[fit] || d < best[fit].total) {
				best[fit] = (struct node){ b, a->line + 1, fit,
				    kind == TB_FORCE_PARA, d, ai };
				have[fit] = true;
			}
		}
		if (!have[0] && !have[1] && !have[2] && !have[3] &&
		    active->len == 0 && died >= 0 && rescue) {
			/* Nothing fits: an overfull line, the least bad. */
			struct node *a = &g_array_index(nodes, struct node,
			    died);
			best[1] = (struct node){ b, a->line + 1, 1,
			    kind == TB_FORCE_PARA, a->total + 1e9, died };
			have[1] = true;
		}
		if (forced)
			g_array_set_size(active, 0);
		for (int f = 0; f < 4; f++) {
			if (!have[f])
				continue;
			g_array_append_val(nodes, best[f]);
			{
				int ni = nodes->len - 1;
				g_array_append_val(active, ni);
			}
		}
		while (active->len > MAX_ACTIVE) {
			guint worst = 0;

			for (guint i = 1; i < active->len; i++)
				if (g_array_index(nodes, struct node,
				    g_array_index(active, int, i)).total >
				    g_array_index(nodes, struct node,
				    g_array_index(active, int, worst)).total)
					worst = i;
			g_array_remove_index(active, worst);
		}
		if (active->len == 0)
			break;
	}
	/* The final nodes sit at position n; take the cheapest. */
	for (guint i = 0; i < active->len; i++) {
		int ai = g_array_index(active, int, i);
		struct node *a = &g_array_index(nodes, struct node, ai);

		if (a->pos != p->n)
			continue;
		if (result < 0 || a->total <
		    g_array_index(nodes, struct node, result).total)
			result = ai;
	}
	g_array_free(active, TRUE);
	return result;
}

int
tb_break(const struct tb_para *p, int **starts)
{
	struct sums s;
	GArray *nodes = g_array_new(FALSE, FALSE, sizeof(struct node));
	int last = -1, nlines, k;
	/* Strict first, then looser, then anything with emergency breaks. */
	static const double tols[] = { 1.0, 3.0, INFINITY };

	*starts = NULL;
	if (p->n == 0) {
		g_array_free(nodes, TRUE);
		return 1;
	}
	sums_make(p, &s);
	for (int i = 0; i < 3 && last < 0; i++)
		last = pass(p, &s, tols[i], i == 2, i == 2, nodes);
	if (last < 0) {
		/* Cannot happen with rescue on, but stay safe: one line. */
		sums_free(&s);
		g_array_free(nodes, TRUE);
		return 1;
	}
	nlines = g_array_index(nodes, struct node, last).line;
	*starts = g_new(int, nlines > 1 ? nlines - 1 : 1);
	k = nlines - 1;
	for (int ni = g_array_index(nodes, struct node, last).prev; ni > 0;
	    ni = g_array_index(nodes, struct node, ni).prev)
		(*starts)[--k] = g_array_index(nodes, struct node, ni).pos;
	sums_free(&s);
	g_array_free(nodes, TRUE);
	return nlines;
}
