/*
 * Safe output: every file is written to a temporary file beside its
 * target and renamed into place only when complete and synced; a failed
 * or interrupted run leaves the previous file intact and no temporary
 * file behind.
 */
#ifndef BOOKC_OUTPUT_H
#define BOOKC_OUTPUT_H

#include <stdbool.h>

/* Creates an empty temporary file beside target; returns its path. */
char *output_begin(const char *target);
/* Syncs tmp and renames it to target. Returns false after a diagnostic. */
bool output_commit(char *tmp, const char *target);
/* Removes tmp. */
void output_abort(char *tmp);
/* Installs SIGINT/SIGTERM/SIGHUP handlers that remove pending files. */
void output_install_signals(void);

#endif
