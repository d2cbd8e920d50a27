/*
 * Generated text (see l10n.h): a table per language, Simplified Chinese,
 * Traditional Chinese (Taiwan and Hong Kong alike: 目錄, 圖, 「」) and
 * English; other languages use English.
 */
#include <string.h>

#include "l10n.h"

static const char *const zh[L__COUNT] = {
	[L_CONTENTS] = "目录", [L_NOTE] = "注意", [L_TIP] = "提示",
	[L_IMPORTANT] = "重要", [L_WARNING] = "警告", [L_CAUTION] = "小心",
	[L_FIGURE] = "图", [L_TABLE] = "表", [L_EXAMPLE] = "例",
	[L_PART] = "部分", [L_PREFACE] = "前言", [L_PAGE] = "页",
	[L_QUOTE_OPEN] = "“", [L_QUOTE_CLOSE] = "”",
	[L_QUOTE2_OPEN] = "‘", [L_QUOTE2_CLOSE] = "’",
	[L_ABSTRACT] = "摘要", [L_LEGALNOTICE] = "法律声明",
	[L_FOOTNOTES] = "注释", [L_LIST_OF_FIGURES] = "插图目录",
	[L_LIST_OF_TABLES] = "表格目录", [L_DANGER] = "危险",
	[L_QUESTION] = "问：", [L_ANSWER] = "答：",
	[L_REVHISTORY] = "修订历史", [L_REVISION] = "修订",
	[L_INDEX] = "索引",
	[L_GLOSSARY] = "术语表", [L_BIBLIOGRAPHY] = "参考文献",
	[L_SYNOPSIS] = "概要", [L_SEE] = "见", [L_SEE_ALSO] = "另见",
	[L_EQUATION] = "公式", [L_VIDEO] = "视频：", [L_AUDIO] = "音频：",
	[L_COPYRIGHT] = "版权所有", [L_AND] = ", ",
	[L_ANNOTATION] = "注解", [L_MSGAUD] = "受众", [L_MSGLEVEL] = "级别",
	[L_MSGORIG] = "来源",
	[L_COVER] = "封面", [L_TITLEPAGE] = "扉页", [L_START] = "正文",
	[L_LANDMARKS] = "导航",
};

/* Traditional: corner brackets are the primary quotes (clreq §3.1.1.2,
 * Taiwan's 重訂標點符號手冊). */
static const char *const zht[L__COUNT] = {
	[L_CONTENTS] = "目錄", [L_NOTE] = "注意", [L_TIP] = "提示",
	[L_IMPORTANT] = "重要", [L_WARNING] = "警告", [L_CAUTION] = "小心",
	[L_FIGURE] = "圖", [L_TABLE] = "表", [L_EXAMPLE] = "例",
	[L_PART] = "部分", [L_PREFACE] = "前言", [L_PAGE] = "頁",
	[L_QUOTE_OPEN] = "「", [L_QUOTE_CLOSE] = "」",
	[L_QUOTE2_OPEN] = "『", [L_QUOTE2_CLOSE] = "』",
	[L_ABSTRACT] = "摘要", [L_LEGALNOTICE] = "法律聲明",
	[L_FOOTNOTES] = "註釋", [L_LIST_OF_FIGURES] = "插圖目錄",
	[L_LIST_OF_TABLES] = "表格目錄", [L_DANGER] = "危險",
	[L_QUESTION] = "問：", [L_ANSWER] = "答：",
	[L_REVHISTORY] = "修訂歷史", [L_REVISION] = "修訂",
	[L_INDEX] = "索引",
	[L_GLOSSARY] = "術語表", [L_BIBLIOGRAPHY] = "參考文獻",
	[L_SYNOPSIS] = "概要", [L_SEE] = "見", [L_SEE_ALSO] = "另見",
	[L_EQUATION] = "公式", [L_VIDEO] = "影片：", [L_AUDIO] = "音訊：",
	[L_COPYRIGHT] = "版權所有", [L_AND] = ", ",
	[L_ANNOTATION] = "註解", [L_MSGAUD] = "受眾", [L_MSGLEVEL] = "級別",
	[L_MSGORIG] = "來源",
	[L_COVER] = "封面", [L_TITLEPAGE] = "扉頁", [L_START] = "正文",
	[L_LANDMARKS] = "導覽",
};

static const char *const en[L__COUNT] = {
	[L_CONTENTS] = "Contents", [L_NOTE] = "Note", [L_TIP] = "Tip",
	[L_IMPORTANT] = "Important", [L_WARNING] = "Warning",
	[L_CAUTION] = "Caution", [L_FIGURE] = "Figure", [L_TABLE] = "Table",
	[L_EXAMPLE] = "Example", [L_PART] = "Part", [L_PREFACE] = "Preface",
	[L_PAGE] = "page",
	[L_QUOTE_OPEN] = "\u201c", [L_QUOTE_CLOSE] = "\u201d",
	[L_QUOTE2_OPEN] = "\u2018", [L_QUOTE2_CLOSE] = "\u2019",
	[L_ABSTRACT] = "Abstract", [L_LEGALNOTICE] = "Legal Notice",
	[L_FOOTNOTES] = "Notes", [L_LIST_OF_FIGURES] = "List of Figures",
	[L_LIST_OF_TABLES] = "List of Tables", [L_DANGER] = "Danger",
	[L_QUESTION] = "Q: ", [L_ANSWER] = "A: ",
	[L_REVHISTORY] = "Revision History", [L_REVISION] = "Revision",
	[L_INDEX] = "Index",
	[L_GLOSSARY] = "Glossary", [L_BIBLIOGRAPHY] = "Bibliography",
	[L_SYNOPSIS] = "Synopsis", [L_SEE] = "See ", [L_SEE_ALSO] = "See also ",
	[L_EQUATION] = "Equation", [L_VIDEO] = "Video: ",
	[L_AUDIO] = "Audio: ",
	[L_COPYRIGHT] = "Copyright", [L_AND] = " and ",
	[L_ANNOTATION] = "Annotation", [L_MSGAUD] = "Audience",
	[L_MSGLEVEL] = "Level", [L_MSGORIG] = "Origin",
	[L_COVER] = "Cover", [L_TITLEPAGE] = "Title Page", [L_START] = "Start",
	[L_LANDMARKS] = "Landmarks",
};

bool
l10n_is_zh(const char *lang)
{
	return lang && strncmp(lang, "zh", 2) == 0;
}

/* Takes normalised tags (validate_lang_normalize): zh-CN, zh-TW,
 * zh-HK, or zh-MO and the like kept as written. */
enum zh_variant
l10n_zh_variant(const char *lang)
{
	if (!l10n_is_zh(lang))
		return ZH_SC;
	if (g_ascii_strncasecmp(lang, "zh-hk", 5) == 0 ||
	    g_ascii_strncasecmp(lang, "zh-mo", 5) == 0 ||
	    g_ascii_strncasecmp(lang, "zh-hant-hk", 10) == 0 ||
	    g_ascii_strncasecmp(lang, "zh-hant-mo", 10) == 0)
		return ZH_HK;
	if (g_ascii_strncasecmp(lang, "zh-tw", 5) == 0 ||
	    g_ascii_strncasecmp(lang, "zh-hant", 7) == 0)
		return ZH_TC;
	return ZH_SC;
}

const char *
l10n_pango_lang(const char *lang)
{
	static const char *const tags[ZH__COUNT] = { "zh-cn", "zh-tw",
	    "zh-hk" };

	if (lang && !l10n_is_zh(lang))
		return lang;
	return tags[l10n_zh_variant(lang)];
}

const char *
l10n_text(const char *lang, enum l10n_text t)
{
	if (!l10n_is_zh(lang))
		return en[t];
	/* a word the Traditional table lacks: the Simplified one */
	if (l10n_zh_variant(lang) != ZH_SC && zht[t])
		return zht[t];
	return zh[t];
}

char *
l10n_division_label(const struct node *n, const struct style *st,
    const char *lang)
{
	bool z = l10n_is_zh(lang);
	bool trad = l10n_zh_variant(lang) != ZH_SC;
	const char *appendix = st && st->appendix_label ?
	    st->appendix_label : "附录 %s";

	if (n->label == NULL)
		return NULL;
	/* The style's default pattern, in Traditional characters. */
	if (trad && strcmp(appendix, "附录 %s") == 0)
		appendix = "附錄 %s";
	/* Books that number their own headings (第三章 安装, as Chinese
	 * Markdown books do) turn bookc's labels off; lint.c finds them. */
	if (st && !st->number_chapters && (n->kind == N_CHAPTER ||
	    n->kind == N_APPENDIX || n->kind == N_PART))
		return NULL;
	switch (n->kind) {
	case N_CHAPTER:
		if (z)
			return g_strdup_printf(st && st->chapter_label ?
			    st->chapter_label : "第 %s 章", n->label);
		return g_strdup_printf("Chapter %s", n->label);
	case N_APPENDIX:
		if (z)
			return g_strdup_printf(appendix, n->label);
		return g_strdup_printf("Appendix %s", n->label);
	case N_PART:
		return z ? g_strdup_printf("第 %s 部分", n->label) :
		    g_strdup_printf("Part %s", n->label);
	case N_SECTION:
		if (st && !st->number_sections)
			return NULL;
		return g_strdup(n->label);
	default:
		return NULL;
	}
}

char *
l10n_formal_label(const struct node *n, const char *lang)
{
	const struct node *k = model_formal_like(n);
	enum l10n_text t = k->kind == N_TABLE ? L_TABLE : L_FIGURE;

	if (n->label == NULL)
		return NULL;
	if (strcmp(k->name, "example") == 0)
		t = L_EXAMPLE;
	else if (strcmp(k->name, "equation") == 0)
		t = L_EQUATION;
	return g_strdup_printf("%s %s", l10n_text(lang, t), n->label);
}

const char *
l10n_admonition(const struct node *n, const char *lang)
{
	if (strcmp(n->name, "tip") == 0)
		return l10n_text(lang, L_TIP);
	if (strcmp(n->name, "important") == 0)
		return l10n_text(lang, L_IMPORTANT);
	if (strcmp(n->name, "warning") == 0)
		return l10n_text(lang, L_WARNING);
	if (strcmp(n->name, "caution") == 0)
		return l10n_text(lang, L_CAUTION);
	if (strcmp(n->name, "danger") == 0)
		return l10n_text(lang, L_DANGER);
	if (strcmp(n->name, "annotation") == 0)
		return l10n_text(lang, L_ANNOTATION);
	if (strcmp(n->name, "sidebar") == 0)
		return NULL;    /* an aside, not a note: its title alone */
	return l10n_text(lang, L_NOTE);
}

char *
l10n_xref_text(const struct node *t, const struct style *st,
    const char *lang)
{
	bool z = l10n_is_zh(lang);
	const char *qo = l10n_text(lang, L_QUOTE_OPEN);
	const char *qc = l10n_text(lang, L_QUOTE_CLOSE);
	struct node *title = model_title(t);
	char *tt = title ? model_text(title) : NULL;
	char *label = NULL, *out;
	const char *xl = model_attr(t, "xreflabel");

	if (xl) {
		g_free(tt);
		return g_strdup(xl);
	}
	/* A glossary or list entry is called by its term. */
	if (t->kind == N_VARLISTENTRY && tt == NULL)
		for (const struct node *c = t->first; c; c = c->next)
			if (c->kind == N_TERM) {
				char *term = model_text(c);

				out = g_strdup_printf("%s%s%s", qo, term, qc);
				g_free(term);
				return out;
			}
	/* A reference entry's name part is called by its first name. */
	if (g_strcmp0(t->name, "refnamediv") == 0 && tt == NULL)
		for (const struct node *c = t->first; c; c = c->next)
			if (g_strcmp0(c->name, "refname") == 0)
				return g_strstrip(model_text(c));
	if (model_is_division(t->kind))
		label = l10n_division_label(t, st, lang);
	else if (t->kind == N_FIGURE || t->kind == N_TABLE)
		label = l10n_formal_label(t, lang);
	if (t->kind == N_SECTION && label)
		out = z ? g_strdup_printf("%s %s%s%s%s", label,
		    l10n_zh_variant(lang) == ZH_SC ? "节" : "節", qo,
		    tt ? tt : "", qc) :
		    g_strdup_printf("Section %s, \u201c%s\u201d", label,
		    tt ? tt : "");
	else if (label && tt)
		out = z ? g_strdup_printf("%s %s", label, tt) :
		    g_strdup_printf("%s, %s", label, tt);
	else if (label)
		out = g_strdup(label);
	else if (tt)
		out = g_strdup_printf("%s%s%s", qo, tt, qc);
	else
		out = g_strdup(t->id ? t->id : "???");
	g_free(label);
	g_free(tt);
	return out;
}
