/*
 * The shared page map (see pagemap.h).
 */
#include "pagemap.h"

struct page_map *
page_map_new(void)
{
	struct page_map *m = g_new0(struct page_map, 1);

	g_mutex_init(&m->lock);
	g_cond_init(&m->ready_cond);
	m->starts = g_array_new(FALSE, TRUE, sizeof(struct page_start));
	return m;
}

void
page_map_free(struct page_map *m)
{
	if (m == NULL)
		return;
	g_array_free(m->starts, TRUE);
	g_mutex_clear(&m->lock);
	g_cond_clear(&m->ready_cond);
	g_free(m);
}

void
page_map_done(struct page_map *m, bool ok)
{
	if (m == NULL)
		return;
	g_mutex_lock(&m->lock);
	if (!m->ready) {
		m->ready = true;
		m->ok = ok && m->starts->len > 0;
		g_cond_broadcast(&m->ready_cond);
	}
	g_mutex_unlock(&m->lock);
}

bool
page_map_wait(struct page_map *m)
{
	bool ok;

	if (m == NULL)
		return false;
	g_mutex_lock(&m->lock);
	while (!m->ready)
		g_cond_wait(&m->ready_cond, &m->lock);
	ok = m->ok;
	g_mutex_unlock(&m->lock);
	return ok;
}
