/*
 * Generated text in the book's language: labels of chapters, figures and
 * tables, admonition titles, the titles of the table of contents and
 * of the lists of figures and tables, of untitled indexes, glossaries,
 * bibliographies and synopses, quotation marks. Shared by every back end so that PDF and EPUB say the same.
 */
#ifndef BOOKC_L10N_H
#define BOOKC_L10N_H

#include "model.h"
#include "style.h"

enum l10n_text {
	L_CONTENTS, L_NOTE, L_TIP, L_IMPORTANT, L_WARNING, L_CAUTION,
	L_FIGURE, L_TABLE, L_EXAMPLE, L_PART, L_PREFACE, L_PAGE,
	L_QUOTE_OPEN, L_QUOTE_CLOSE, L_QUOTE2_OPEN, L_QUOTE2_CLOSE,
	L_ABSTRACT, L_LEGALNOTICE, L_FOOTNOTES, L_LIST_OF_FIGURES,
	L_LIST_OF_TABLES, L_DANGER, L_QUESTION, L_ANSWER,
	L_REVHISTORY, L_REVISION, L_INDEX, L_GLOSSARY, L_BIBLIOGRAPHY,
	L_SYNOPSIS, L_SEE, L_SEE_ALSO, L_EQUATION, L_VIDEO, L_AUDIO,
	L_COPYRIGHT, L_AND, L_ANNOTATION, L_MSGAUD, L_MSGLEVEL, L_MSGORIG,
	L_COVER, L_TITLEPAGE, L_START, L_LANDMARKS, L__COUNT
};

/* Which Chinese faces and punctuation a language takes: Simplified
 * (zh-CN, zh-Hans, zh-SG; and every language that is not Chinese, whose
 * Han characters the SC faces draw), Traditional as in Taiwan (zh-TW,
 * zh-Hant) or as in Hong Kong (zh-HK, zh-MO). The TC and HK faces centre
 * ，。、：；！？ in the em box (clreq §3.1.2). */
enum zh_variant { ZH_SC, ZH_TC, ZH_HK, ZH__COUNT };

bool l10n_is_zh(const char *lang);
enum zh_variant l10n_zh_variant(const char *lang);
/* The language tag Pango and fontconfig are given, so that the faces'
 * locl gives the regional forms: "zh-cn", "zh-tw", "zh-hk"; lang itself
 * for other languages (R1). */
const char *l10n_pango_lang(const char *lang);
const char *l10n_text(const char *lang, enum l10n_text t);

/* "第 3 章", "附录 A", "Chapter 3"; NULL for a node with no label. The
 * style's [label] patterns apply to Chinese books. Caller frees. */
char *l10n_division_label(const struct node *n, const struct style *st,
    const char *lang);
/* "图 3.1", "表 3.1", "Figure 3.1"; caller frees; NULL without label. */
char *l10n_formal_label(const struct node *n, const char *lang);
/* The admonition's title word (注意, 提示...) for note/tip/...; NULL for
 * a sidebar, which has its own title or none. */
const char *l10n_admonition(const struct node *n, const char *lang);
/* What an xref to target prints: its label and title, e.g.
 * "第 3 章 OpenStack 基础", "3.2 节“安装”", "图 3.1". Caller frees. */
char *l10n_xref_text(const struct node *target, const struct style *st,
    const char *lang);

#endif
