/*
 * The PDF file Cairo writes, digested as it is written. pdf_finish names
 * the document with the MD5 digest of all that Cairo wrote (its /ID); it
 * used to read the whole file back to compute it, after the drawing,
 * when nothing else was left to do: 0.15 s for the PostgreSQL manual's
 * 50 MB. Here Cairo's bytes go to the file in 256 KB blocks, and each
 * block to a thread that digests it while the drawing goes on.
 */
#include <errno.h>
#include <stdio.h>

#include <glib.h>

#include "hashfile.h"

#define BLOCK (256 * 1024)

struct hashfile {
	FILE *f;
	GByteArray *buf;        /* written to f when it holds BLOCK bytes */
	GChecksum *sum;
	GThread *thread;        /* digests the blocks queue gives it */
	GAsyncQueue *queue;     /* GByteArray *; an empty one ends */
	int err;                /* errno of the first failure, or 0 */
};

static gpointer
digest_run(gpointer data)
{
	struct hashfile *h = data;

	for (;;) {
		GByteArray *b = g_async_queue_pop(h->queue);
		bool end = b->len == 0;

		g_checksum_update(h->sum, b->data, b->len);
		g_byte_array_unref(b);
		if (end)
			return NULL;
	}
}

struct hashfile *
hashfile_open(const char *path, bool threaded)
{
	FILE *f = fopen(path, "wb");
	struct hashfile *h;

	if (f == NULL)
		return NULL;
	h = g_new0(struct hashfile, 1);
	h->f = f;
	h->buf = g_byte_array_sized_new(BLOCK + 4096);
	h->sum = g_checksum_new(G_CHECKSUM_MD5);
	if (threaded) {
		h->queue = g_async_queue_new();
		h->thread = g_thread_new("bookc-digest", digest_run, h);
	}
	return h;
}

/* Writes the buffer out and digests it (or hands it to the thread). */
static void
flush(struct hashfile *h)
{
	if (h->buf->len == 0)
		return;
	if (h->err == 0 && fwrite(h->buf->data, 1, h->buf->len, h->f) !=
	    h->buf->len)
		h->err = errno ? errno : EIO;
	if (h->thread) {
		g_async_queue_push(h->queue, h->buf);
		h->buf = g_byte_array_sized_new(BLOCK + 4096);
	} else {
		g_checksum_update(h->sum, h->buf->data, h->buf->len);
		g_byte_array_set_size(h->buf, 0);
	}
}

cairo_status_t
hashfile_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct hashfile *h = closure;

	g_byte_array_append(h->buf, data, length);
	if (h->buf->len >= BLOCK)
		flush(h);
	return h->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

bool
hashfile_close(struct hashfile *h, char **md5)
{
	int err;

	flush(h);
	if (h->thread) {
		g_async_queue_push(h->queue, g_byte_array_new());
		g_thread_join(h->thread);
		g_async_queue_unref(h->queue);
	}
	if (fclose(h->f) != 0 && h->err == 0)
		h->err = errno ? errno : EIO;
	err = h->err;
	*md5 = err ? NULL : g_strdup(g_checksum_get_string(h->sum));
	g_checksum_free(h->sum);
	g_byte_array_unref(h->buf);
	g_free(h);
	errno = err;
	return err == 0;
}
