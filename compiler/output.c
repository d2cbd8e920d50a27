/*
 * Safe output (see output.h). Pending temporary paths are kept in a fixed
 * table that the signal handler can read without allocating.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib.h>

#include "diag.h"
#include "output.h"

#define MAX_PENDING 16

static char *volatile pending[MAX_PENDING];

static void
on_signal(int sig)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i])
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
output_install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static GMutex pending_lock;

/* Outputs may be written from several threads at once (one per back
 * end); the signal handler only reads the table. */
static void
set_pending(char *old, char *new)
{
	g_mutex_lock(&pending_lock);
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] == old) {
			pending[i] = new;
			break;
		}
	g_mutex_unlock(&pending_lock);
}

char *
output_begin(const char *target)
{
	char *dir = g_path_get_dirname(target);
	char *base = g_path_get_basename(target);
	char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	int fd;

	g_free(dir);
	g_free(base);
	fd = mkstemp(tmp);
	if (fd < 0) {
		diag(D_OUTPUT, NULL, target, g_strerror(errno));
		g_free(tmp);
		return NULL;
	}
	{
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	close(fd);
	set_pending(NULL, tmp);
	return tmp;
}

bool
output_commit(char *tmp, const char *target)
{
	int fd = open(tmp, O_RDONLY);
	bool ok = fd >= 0 && fsync(fd) == 0;
	int saved = errno;

	if (fd >= 0)
		close(fd);
	if (ok && rename(tmp, target) != 0) {
		saved = errno;
		ok = false;
	}
	if (!ok) {
		diag(D_OUTPUT, NULL, target, g_strerror(saved));
		unlink(tmp);
	} else {
		char *dir = g_path_get_dirname(target);
		int dfd = open(dir, O_RDONLY | O_DIRECTORY);

		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		g_free(dir);
	}
	set_pending(tmp, NULL);
	g_free(tmp);
	return ok;
}

void
output_abort(char *tmp)
{
	if (tmp == NULL)
		return;
	unlink(tmp);
	set_pending(tmp, NULL);
	g_free(tmp);
}
