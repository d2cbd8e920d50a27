/*
 * Characters that belong to one Chinese script only, from OpenCC's
 * character tables (compiler/hanzi_gen.sh makes them at build time): for
 * the lint of Simplified characters in Traditional text and the reverse.
 * A character both scripts write (后, 里, 干, 台, 面, 著) is neither.
 */
#ifndef BOOKC_HANZI_H
#define BOOKC_HANZI_H

#include <glib.h>

#include "l10n.h"

/* When c does not belong in text of variant v (a Simplified-only
 * character in zh-TW or zh-HK text, a Traditional-only one in zh-CN
 * text): its forms in v's script, "這" or "發/髮". Else NULL. */
const char *hanzi_foreign(gunichar c, enum zh_variant v);

#endif
