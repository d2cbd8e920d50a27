/*
 * Diagnostics: prints "bookc: file:line:col: level: message" on stderr and
 * keeps the worst level seen, which becomes the exit status.
 */
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "diag.h"

static const struct {
	enum diag_level level;
	const char *fmt;
} messages[D__COUNT] = {
#define DIAG_ROW(code, lvl, f) [D_##code] = { lvl, f },
	DIAG_LIST(DIAG_ROW)
#undef DIAG_ROW
};

static const char *const level_names[] = {
	/* The output says error or warning, as compilers do; the message
	 * itself tells lint and unsupported elements apart. */
	[DL_STYLE] = "warning",
	[DL_WARNING] = "warning",
	[DL_UNSUPP] = "warning",
	[DL_ERROR] = "error",
	[DL_BADARG] = "error",
	[DL_SYSERR] = "error",
};

static const char *prog = "bookc";
static enum diag_level min_level = DL_STYLE;
static unsigned counts[DL_SYSERR + 1];
static GMutex lock;
static bool clear_line;
static bool strict;
static GHashTable *firsts;      /* (code, number) asked of diag_first */

void
diag_set_strict(bool on)
{
	strict = on;
}

bool
diag_strict(void)
{
	return strict;
}

void
diag_set_clear_line(bool on)
{
	clear_line = on;
}

void
diag_init(const char *progname)
{
	prog = progname;
}

void
diag_set_min_level(enum diag_level min)
{
	min_level = min;
}

enum diag_level
diag_level_of(enum diag_code code)
{
	return messages[code].level;
}

char *
diag_shown_path(const char *path)
{
	char *cwd = g_get_current_dir();
	size_t n = strlen(cwd);
	char *out;

	if (strcmp(path, cwd) == 0)
		out = g_strdup(".");
	else if (strncmp(path, cwd, n) == 0 && path[n] == '/')
		out = g_strdup(path + n + 1);
	else
		out = g_strdup(path);
	g_free(cwd);
	return out;
}

char *
diag_pos_str(const struct pos *pos)
{
	if (pos == NULL || pos->file == NULL)
		return g_strdup("");
	if (pos->line == 0)
		return g_strdup(pos->file);
	return g_strdup_printf("%s:%u:%u", pos->file, pos->line,
	    pos->col ? pos->col : 1);
}

bool
diag_first(enum diag_code code, unsigned long what)
{
	char *key = g_strdup_printf("%d:%lu", (int)code, what);
	bool first;

	g_mutex_lock(&lock);
	if (firsts == NULL)
		firsts = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, NULL);
	first = g_hash_table_add(firsts, key);
	g_mutex_unlock(&lock);
	return first;
}

void
diag_v(enum diag_code code, const struct pos *pos, va_list ap)
{
	enum diag_level level = messages[code].level;
	char *msg = g_strdup_vprintf(messages[code].fmt, ap);

	/* The one place --strict acts: a warning is an error, counted and
	 * printed as one (with the option named, as -Werror does). */
	if (strict && level < DL_ERROR) {
		char *t = g_strconcat(msg, " [--strict]", NULL);

		g_free(msg);
		msg = t;
		level = DL_ERROR;
	}

	g_mutex_lock(&lock);
	counts[level]++;
	if (level >= min_level) {
		char *where = diag_pos_str(pos);
		fprintf(stderr, "%s: %s%s%s: %s\n", prog, where,
		    *where ? ": " : "", level_names[level], msg);
		g_free(where);
	}
	g_mutex_unlock(&lock);
	g_free(msg);
}

void
diag(enum diag_code code, const struct pos *pos, ...)
{
	va_list ap;

	va_start(ap, pos);
	diag_v(code, pos, ap);
	va_end(ap);
}

unsigned
diag_count(enum diag_level at_least)
{
	unsigned n = 0;

	for (int l = at_least; l <= DL_SYSERR; l++)
		n += counts[l];
	return n;
}

int
diag_exit_status(void)
{
	if (counts[DL_SYSERR])
		return 3;
	if (counts[DL_BADARG])
		return 2;
	if (counts[DL_ERROR])
		return 1;
	return 0;
}
