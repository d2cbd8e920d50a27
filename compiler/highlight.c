/*
 * The syntax highlighter (see highlight.h). One engine, and per language
 * a few states, each an ordered list of rules built from a dozen fixed
 * matchers (literal, delimited span, word, number, run of bytes...). No
 * regular expressions: every matcher scans forward only, and a rule that
 * scans far before failing is limited to the start of a line (or another
 * position consumed right after), so the whole pass is linear.
 * States form a small bounded stack (a shell string inside a console
 * command, an XML tag inside content): nothing recurses.
 * To add a language: write its rules and states below and one line in
 * `langs`; then a sample and its golden dump in tests/highlight/.
 */
#include <string.h>

#include "highlight.h"

/* What a rule matches at the current position. */
enum match {
	M_END,     /* ends a list of rules */
	M_LIT,     /* the literal .open */
	M_SPAN,    /* [prefix from .set] .open ... .close; to the end of the
	            * text (F_MULTI) or line when unterminated */
	M_LINE,    /* .open and the rest of the line */
	M_WORD,    /* letters, digits, bytes >= 0x80 and bytes of .set;
	            * classified by .kw */
	M_NUMBER,  /* a number literal, after an optional sign .open */
	M_RUN,     /* one or more bytes of .set */
	M_NAME,    /* .open, bytes of .set (one or more), then .close if set */
	M_KEY,     /* bytes up to the first of .set on the line, which must
	            * be one of .close; trailing blanks left out */
	M_ESCAPE,  /* .open and the (UTF-8) character after it */
	M_PROMPT   /* a shell prompt: [(venv) ][user@host:dir|[...]]C with C
	            * from .set, then a blank or end of line */
};

enum act {
	A_STAY,
	A_PUSH,    /* enter .to; a POP comes back */
	A_POP,
	A_GOTO     /* forget the stack, continue in .to */
};

/* Rule flags. */
#define F_MULTI  0x01u  /* SPAN: crosses lines */
#define F_TAGGED 0x02u  /* SPAN: .open is "$", the opener is $tag$ and
                         * the same $tag$ closes (SQL dollar quoting) */
#define F_WHOLE  0x04u  /* NUMBER: must not run on into a word (.set) */
#define F_TIGHT  0x08u  /* .follow must come at once, not after blanks */
#define F_BLANK  0x10u  /* LIT, KEY: a blank or end of line must follow */
#define F_GAP    0x20u  /* NAME: blanks may separate .open and the name */
#define F_ONE    0x40u  /* NAME: the name is one byte */
#define F_PEEK   0x80u  /* NAME: .close must follow but is not taken */
#define F_HIGH   0x100u /* NAME: bytes >= 0x80 belong to .set */
#define F_ICASE  0x200u /* WORD: keywords compared case-insensitively */

/* Keywords: space-separated words (lower case under F_ICASE) of class
 * cls; a word right after one of them takes the class next. */
struct kwlist {
	enum hl_class cls, next;
	const char *words;
};

struct hl_state;

struct rule {
	enum match m;
	const char *open, *close, *set;
	const char *prev;    /* the byte just before is one of these ('\n'
	                      * also stands for the start of the text) */
	const char *after;   /* the last non-blank byte before is one of
	                      * these ('\n': none yet on this line) */
	char esc;            /* SPAN: escapes the byte after it */
	unsigned flags;
	char follow;         /* WORD, SPAN: when this comes next (after
	                      * blanks unless F_TIGHT), class follow_cls */
	enum hl_class cls, follow_cls;
	const struct kwlist *kw;
	enum act act;
	const struct hl_state *to;
};

struct hl_state {
	const struct rule *rules;
	const struct hl_state *inherit;  /* its rules are tried after ours */
	enum hl_class dflt;              /* of bytes no rule takes */
	enum act eol;                    /* at a newline */
	const struct hl_state *eol_to;
};

#define DEPTH 8
#define ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define ALPHA "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

#define LIT(s, c)             .m = M_LIT, .open = s, .cls = c
#define SPAN(o, e, c)         .m = M_SPAN, .open = o, .close = e, .cls = c
#define LINE(s, c)            .m = M_LINE, .open = s, .cls = c
#define WORD(extra, k, c)     .m = M_WORD, .set = extra, .kw = k, .cls = c
#define NUMBER                .m = M_NUMBER, .cls = HL_NUMBER
#define RUN(s, c)             .m = M_RUN, .set = s, .cls = c
#define NAME(o, s, c)         .m = M_NAME, .open = o, .set = s, .cls = c
#define PUSH(st)              .act = A_PUSH, .to = &st
#define POP                   .act = A_POP
#define GOTO(st)              .act = A_GOTO, .to = &st
#define BOL                   .prev = "\n"
#define LINESTART             .after = "\n"

/* Every state, declared before the rules that name them. */
static const struct hl_state st_sh, st_sh_dq, st_sh_subst;
static const struct hl_state st_con, st_con_sh, st_con_py;
static const struct hl_state st_ini, st_ini_val;
static const struct hl_state st_py;
static const struct hl_state st_xml, st_xml_tag;
static const struct hl_state st_json, st_yaml, st_sql;
static const struct hl_state st_c, st_c_include;

/* ---- shell (sh, bash) ---- */

#define SH_WORD "_-./:@%+,~*?^"

static const struct kwlist sh_kw[] = {
	{ HL_KEYWORD, HL_FUNCTION, "function" },
	{ HL_KEYWORD, HL_PLAIN, "if then else elif fi case esac for select "
	    "while until do done in time coproc" },
	{ HL_BUILTIN, HL_PLAIN, "alias bg bind break builtin caller cd command "
	    "compgen complete continue declare dirs disown echo enable eval "
	    "exec exit export false fc fg getopts hash help history jobs kill "
	    "let local logout mapfile popd printf pushd pwd read readarray "
	    "readonly return set shift shopt source sudo suspend test times "
	    "trap true type typeset ulimit umask unalias unset wait" },
	{ 0, 0, NULL }
};

/* $name, ${name...}, $1, $?: the same inside and outside quotes. */
#define SH_VARIABLES \
	{ SPAN("${", "}", HL_VARIABLE), .flags = F_MULTI }, \
	{ NAME("$", ALNUM "_", HL_VARIABLE) }, \
	{ NAME("$", "?@#$!*-", HL_VARIABLE), .flags = F_ONE }

static const struct rule sh_rules[] = {
	{ .m = M_ESCAPE, .open = "\\", .cls = HL_PLAIN },
	{ LINE("#", HL_COMMENT), .prev = " \t\n;|&(" },
	{ LIT("\"", HL_STRING), PUSH(st_sh_dq) },
	{ SPAN("'", "'", HL_STRING), .flags = F_MULTI },
	{ SPAN("$'", "'", HL_STRING), .esc = '\\', .flags = F_MULTI },
	{ SPAN("`", "`", HL_STRING), .esc = '\\', .flags = F_MULTI },
	{ LIT("$(", HL_OPERATOR) },
	SH_VARIABLES,
	{ NUMBER, .set = SH_WORD, .flags = F_WHOLE },
	/* FOO=bar: the name of an assignment */
	{ NAME("", ALNUM "_", HL_VARIABLE), .close = "=", .flags = F_PEEK },
	{ WORD(SH_WORD, sh_kw, HL_PLAIN), .follow = '(', .flags = F_TIGHT,
	    .follow_cls = HL_FUNCTION },
	{ RUN("|&;<>()!{}[]=", HL_OPERATOR) },
	{ .m = M_END }
};

/* Inside "...": variables and $(command) stand out from the string. */
static const struct rule sh_dq_rules[] = {
	{ .m = M_ESCAPE, .open = "\\", .cls = HL_STRING },
	{ LIT("\"", HL_STRING), POP },
	{ LIT("$(", HL_OPERATOR), PUSH(st_sh_subst) },
	SH_VARIABLES,
	{ .m = M_END }
};

static const struct rule sh_subst_rules[] = {
	{ LIT(")", HL_OPERATOR), POP },
	{ .m = M_END }
};

static const struct hl_state st_sh = { sh_rules, NULL, HL_PLAIN, A_STAY, NULL };
static const struct hl_state st_sh_dq = { sh_dq_rules, NULL, HL_STRING,
    A_STAY, NULL };
static const struct hl_state st_sh_subst = { sh_subst_rules, &st_sh,
    HL_PLAIN, A_STAY, NULL };

/* ---- console sessions: prompt, command (shell or Python), output ---- */

static const struct rule con_rules[] = {
	{ .m = M_PROMPT, .set = "$#%", BOL, .cls = HL_PROMPT, GOTO(st_con_sh) },
	{ LIT(">>> ", HL_PROMPT), BOL, GOTO(st_con_py) },
	{ LIT("... ", HL_PROMPT), BOL, GOTO(st_con_py) },
	{ LINE("", HL_OUTPUT) },
	{ .m = M_END }
};

static const struct hl_state st_con = { con_rules, NULL, HL_PLAIN, A_STAY,
    NULL };
/* A command ends with its line (a trailing backslash escapes the newline,
 * an open quote carries on in its own state). */
static const struct hl_state st_con_sh = { NULL, &st_sh, HL_PLAIN,
    A_GOTO, &st_con };
static const struct hl_state st_con_py = { NULL, &st_py, HL_PLAIN,
    A_GOTO, &st_con };

/* ---- ini, conf, cfg, properties ---- */

#define INI_WORD "_-./:@%+,~*?^#;!&|<>()[]{}'\"\\$="

static const struct kwlist ini_kw[] = {
	{ HL_KEYWORD, HL_PLAIN, "true false yes no on off none" },
	{ 0, 0, NULL }
};

static const struct rule ini_rules[] = {
	{ LINE("#", HL_COMMENT), LINESTART },
	{ LINE(";", HL_COMMENT), LINESTART },
	{ SPAN("[", "]", HL_KEYWORD), LINESTART },
	{ .m = M_KEY, .set = "=:", .close = "=:", LINESTART,
	    .cls = HL_ATTRIBUTE },
	{ LIT("=", HL_OPERATOR), PUSH(st_ini_val) },
	{ LIT(":", HL_OPERATOR), PUSH(st_ini_val) },
	{ .m = M_END }
};

/* A value is a string, but for numbers, booleans and interpolations
 * ($var and ${var} of oslo.config, %(var)s of Python's configparser). */
static const struct rule ini_val_rules[] = {
	{ RUN(" \t", HL_PLAIN), .after = "=:" },
	{ SPAN("${", "}", HL_VARIABLE) },
	{ NAME("$", ALNUM "_", HL_VARIABLE) },
	{ NAME("%(", ALNUM "_", HL_VARIABLE), .close = ")s" },
	{ NUMBER, .open = "-", .set = INI_WORD, .flags = F_WHOLE },
	{ WORD(INI_WORD, ini_kw, HL_STRING), .flags = F_ICASE },
	{ .m = M_END }
};

static const struct hl_state st_ini = { ini_rules, NULL, HL_PLAIN, A_STAY,
    NULL };
static const struct hl_state st_ini_val = { ini_val_rules, NULL, HL_STRING,
    A_POP, NULL };

/* ---- Python ---- */

static const struct kwlist py_kw[] = {
	{ HL_KEYWORD, HL_FUNCTION, "def" },
	{ HL_KEYWORD, HL_TYPE, "class" },
	{ HL_KEYWORD, HL_PLAIN, "False None True and as assert async await "
	    "break continue del elif else except finally for from global if "
	    "import in is lambda nonlocal not or pass raise return try while "
	    "with yield" },
	{ HL_BUILTIN, HL_PLAIN, "abs all any ascii bin bool breakpoint "
	    "bytearray bytes callable chr classmethod compile complex delattr "
	    "dict dir divmod enumerate eval exec filter float format frozenset "
	    "getattr globals hasattr hash help hex id input int isinstance "
	    "issubclass iter len list locals map max memoryview min next object "
	    "oct open ord pow print property range repr reversed round set "
	    "setattr slice sorted staticmethod str sum super tuple type vars zip "
	    "self __name__ __file__ BaseException Exception ArithmeticError "
	    "AssertionError AttributeError EOFError FileNotFoundError "
	    "ImportError IndexError KeyError KeyboardInterrupt LookupError "
	    "NameError NotImplementedError OSError PermissionError "
	    "RuntimeError StopIteration SyntaxError SystemExit TypeError "
	    "ValueError ZeroDivisionError" },
	{ 0, 0, NULL }
};

static const struct rule py_rules[] = {
	{ LINE("#", HL_COMMENT) },
	{ SPAN("\"\"\"", "\"\"\"", HL_STRING), .set = "rRbBuUfF", .esc = '\\',
	    .flags = F_MULTI },
	{ SPAN("'''", "'''", HL_STRING), .set = "rRbBuUfF", .esc = '\\',
	    .flags = F_MULTI },
	{ SPAN("\"", "\"", HL_STRING), .set = "rRbBuUfF", .esc = '\\' },
	{ SPAN("'", "'", HL_STRING), .set = "rRbBuUfF", .esc = '\\' },
	{ NAME("@", ALNUM "_.", HL_FUNCTION), LINESTART, .flags = F_HIGH },
	{ NUMBER },
	{ WORD("_", py_kw, HL_PLAIN), .follow = '(', .follow_cls = HL_FUNCTION },
	{ RUN("+-*/%=<>!&|^~@:", HL_OPERATOR) },
	{ RUN("()[]{},;.", HL_PUNCTUATION) },
	{ .m = M_END }
};

static const struct hl_state st_py = { py_rules, NULL, HL_PLAIN, A_STAY, NULL };

/* ---- XML, HTML ---- */

#define XML_NAME ALNUM "_:.-"

static const struct rule xml_rules[] = {
	{ SPAN("<!--", "-->", HL_COMMENT), .flags = F_MULTI },
	{ SPAN("<![CDATA[", "]]>", HL_STRING), .flags = F_MULTI },
	{ SPAN("<?", "?>", HL_KEYWORD), .flags = F_MULTI },
	{ SPAN("<!", ">", HL_KEYWORD), .flags = F_MULTI },
	{ NAME("</", XML_NAME, HL_TAG), .flags = F_HIGH, PUSH(st_xml_tag) },
	{ NAME("<", XML_NAME, HL_TAG), .flags = F_HIGH, PUSH(st_xml_tag) },
	{ NAME("&", ALNUM "#_.-", HL_VARIABLE), .close = ";" },
	{ .m = M_END }
};

static const struct rule xml_tag_rules[] = {
	{ LIT("/>", HL_TAG), POP },
	{ LIT(">", HL_TAG), POP },
	{ SPAN("\"", "\"", HL_STRING), .flags = F_MULTI },
	{ SPAN("'", "'", HL_STRING), .flags = F_MULTI },
	{ LIT("=", HL_OPERATOR) },
	{ WORD("_:.-", NULL, HL_ATTRIBUTE) },
	{ .m = M_END }
};

static const struct hl_state st_xml = { xml_rules, NULL, HL_PLAIN, A_STAY,
    NULL };
static const struct hl_state st_xml_tag = { xml_tag_rules, NULL, HL_PLAIN,
    A_STAY, NULL };

/* ---- JSON (comments too, as many configuration files have them) ---- */

static const struct kwlist json_kw[] = {
	{ HL_KEYWORD, HL_PLAIN, "true false null" },
	{ 0, 0, NULL }
};

static const struct rule json_rules[] = {
	{ SPAN("\"", "\"", HL_STRING), .esc = '\\', .follow = ':',
	    .follow_cls = HL_ATTRIBUTE },
	{ LINE("//", HL_COMMENT) },
	{ SPAN("/*", "*/", HL_COMMENT), .flags = F_MULTI },
	{ NUMBER, .open = "-" },
	{ WORD("_", json_kw, HL_PLAIN) },
	{ RUN("{}[],:", HL_PUNCTUATION) },
	{ .m = M_END }
};

static const struct hl_state st_json = { json_rules, NULL, HL_PLAIN, A_STAY,
    NULL };

/* ---- YAML ---- */

#define YAML_WORD "_-./:@%+~*?^!&|<>()=$;\\`"

static const struct kwlist yaml_kw[] = {
	{ HL_KEYWORD, HL_PLAIN, "true false yes no on off null" },
	{ 0, 0, NULL }
};

static const struct rule yaml_rules[] = {
	{ LINE("#", HL_COMMENT), .prev = " \t\n" },
	{ LIT("---", HL_PUNCTUATION), BOL },
	{ LIT("...", HL_PUNCTUATION), BOL },
	{ LIT("-", HL_PUNCTUATION), .after = "\n-", .flags = F_BLANK },
	{ LIT("?", HL_PUNCTUATION), .after = "\n-", .flags = F_BLANK },
	{ SPAN("\"", "\"", HL_STRING), .esc = '\\', .flags = F_MULTI,
	    .follow = ':', .follow_cls = HL_ATTRIBUTE },
	{ SPAN("'", "'", HL_STRING), .flags = F_MULTI, .follow = ':',
	    .follow_cls = HL_ATTRIBUTE },
	/* a key: at the start of a line, after "- ", "? ", "{" or "," */
	{ .m = M_KEY, .set = ":#{}[],", .close = ":", .after = "\n-?{,",
	    .flags = F_BLANK, .cls = HL_ATTRIBUTE },
	{ LIT(":", HL_PUNCTUATION) },
	{ NAME("&", ALNUM "_-", HL_VARIABLE) },
	{ NAME("*", ALNUM "_-", HL_VARIABLE) },
	{ NAME("!", ALNUM "_-!:/.", HL_TYPE) },
	{ LIT("~", HL_KEYWORD), .flags = F_BLANK },
	{ NUMBER, .open = "-", .set = YAML_WORD, .flags = F_WHOLE },
	{ WORD(YAML_WORD, yaml_kw, HL_PLAIN), .flags = F_ICASE },
	{ RUN("{}[],", HL_PUNCTUATION) },
	{ .m = M_END }
};

static const struct hl_state st_yaml = { yaml_rules, NULL, HL_PLAIN, A_STAY,
    NULL };

/* ---- SQL (PostgreSQL and MySQL alike) ---- */

static const struct kwlist sql_kw[] = {
	{ HL_KEYWORD, HL_PLAIN, "action add all alter analyze and as asc "
	    "auto_increment begin between by cascade case charset check collate "
	    "column commit conflict constraint create cross database declare "
	    "default delete desc distinct do drop each else end engine exists "
	    "execute explain false flush for foreign from full function grant "
	    "group having identified if ilike in index inner insert into is "
	    "join key language left like limit loop materialized natural no "
	    "not nothing null offset on only or order outer owner primary "
	    "privileges procedure references rename replace restrict return "
	    "returning returns revoke right role rollback row savepoint schema "
	    "select sequence set show table temp temporary then to transaction "
	    "trigger true truncate union unique update use user using vacuum "
	    "values view when where while with" },
	{ HL_TYPE, HL_PLAIN, "bigint bigserial blob bool boolean bytea char "
	    "character date datetime decimal double float int integer interval "
	    "json jsonb money numeric precision real serial smallint text time "
	    "timestamp timestamptz tinyint uuid varchar varying" },
	{ HL_BUILTIN, HL_PLAIN, "array_agg avg cast coalesce concat count "
	    "current_date current_timestamp current_user length lower max min "
	    "now nullif rank row_number string_agg substring sum trim upper" },
	{ 0, 0, NULL }
};

static const struct rule sql_rules[] = {
	{ LINE("--", HL_COMMENT) },
	{ SPAN("/*", "*/", HL_COMMENT), .flags = F_MULTI },
	{ SPAN("'", "'", HL_STRING), .set = "EeNnBbXx", .flags = F_MULTI },
	/* quoted identifiers: "Name" (standard SQL), `name` (MySQL) */
	{ SPAN("\"", "\"", HL_VARIABLE), .flags = F_MULTI },
	{ SPAN("`", "`", HL_VARIABLE) },
	{ SPAN("$", "$", HL_STRING), .flags = F_MULTI | F_TAGGED },
	{ NAME("$", "0123456789", HL_VARIABLE) },
	{ NAME("@", ALNUM "_", HL_VARIABLE) },
	{ NUMBER },
	{ WORD("_", sql_kw, HL_PLAIN), .flags = F_ICASE | F_TIGHT,
	    .follow = '(', .follow_cls = HL_FUNCTION },
	{ RUN("+-*/%=<>!|&^~:", HL_OPERATOR) },
	{ RUN("(),;.", HL_PUNCTUATION) },
	{ .m = M_END }
};

static const struct hl_state st_sql = { sql_rules, NULL, HL_PLAIN, A_STAY,
    NULL };

/* ---- C (and enough of C++) ---- */

static const struct kwlist c_kw[] = {
	{ HL_KEYWORD, HL_TYPE, "struct union enum class" },
	{ HL_KEYWORD, HL_PLAIN, "_Alignas _Alignof _Atomic _Generic _Noreturn "
	    "_Static_assert _Thread_local alignas alignof asm auto break case "
	    "catch const const_cast constexpr continue decltype default delete "
	    "do dynamic_cast else explicit extern final for friend goto if "
	    "inline mutable namespace new noexcept operator override private "
	    "protected public register reinterpret_cast restrict return sizeof "
	    "static static_assert static_cast switch template this "
	    "thread_local throw try typedef typename using virtual volatile "
	    "while" },
	{ HL_TYPE, HL_PLAIN, "FILE _Bool _Complex bool char char16_t char32_t "
	    "double float int int16_t int32_t int64_t int8_t intptr_t long "
	    "off_t pid_t ptrdiff_t short signed size_t ssize_t uint16_t "
	    "uint32_t uint64_t uint8_t uintptr_t unsigned va_list void "
	    "wchar_t" },
	{ HL_BUILTIN, HL_PLAIN, "EOF NULL errno false nullptr stderr stdin "
	    "stdout true" },
	{ 0, 0, NULL }
};

static const struct rule c_rules[] = {
	{ LINE("//", HL_COMMENT) },
	{ SPAN("/*", "*/", HL_COMMENT), .flags = F_MULTI },
	{ LIT("#include", HL_KEYWORD), LINESTART, PUSH(st_c_include) },
	{ NAME("#", ALPHA, HL_KEYWORD), LINESTART, .flags = F_GAP },
	{ SPAN("\"", "\"", HL_STRING), .set = "LuU8", .esc = '\\' },
	{ SPAN("'", "'", HL_STRING), .set = "LuU8", .esc = '\\' },
	{ NUMBER },
	{ WORD("_", c_kw, HL_PLAIN), .follow = '(', .follow_cls = HL_FUNCTION },
	{ RUN("+-*/%=<>!&|^~?:", HL_OPERATOR) },
	{ RUN("()[]{},;.", HL_PUNCTUATION) },
	{ .m = M_END }
};

static const struct rule c_include_rules[] = {
	{ SPAN("<", ">", HL_STRING), POP },
	{ SPAN("\"", "\"", HL_STRING), POP },
	{ .m = M_END }
};

static const struct hl_state st_c = { c_rules, NULL, HL_PLAIN, A_STAY, NULL };
static const struct hl_state st_c_include = { c_include_rules, NULL, HL_PLAIN,
    A_POP, NULL };

/* ---- the languages: canonical name first, then aliases ---- */

static const struct lang {
	const char *names;
	const struct hl_state *start;
} langs[] = {
	{ "sh bash shell zsh ksh", &st_sh },
	{ "console shell-session sh-session bash-session", &st_con },
	{ "ini conf cfg properties", &st_ini },
	{ "python py python3 py3", &st_py },
	{ "xml html xhtml svg", &st_xml },
	{ "json", &st_json },
	{ "yaml yml", &st_yaml },
	{ "sql pgsql postgresql mysql", &st_sql },
	{ "c h cpp c++ cxx hpp", &st_c },
};

static const char *const class_names[] = {
#define HL_X_NAME(id, name) name,
	HL_CLASS_LIST(HL_X_NAME)
#undef HL_X_NAME
};

const char *
hl_class_name(enum hl_class c)
{
	if ((int)c < 0 || (int)c >= HL_NCLASSES)
		return "plain";
	return class_names[c];
}

/* Print: weight and shade, which survive grey-scale printing. */
static const struct hl_look grey_looks[HL_NCLASSES] = {
	[HL_KEYWORD] = { "#000000", true },
	[HL_TYPE] = { "#333333", true },
	[HL_BUILTIN] = { "#404040", false },
	[HL_VARIABLE] = { "#404040", false },
	[HL_STRING] = { "#555555", false },
	[HL_NUMBER] = { "#555555", false },
	[HL_COMMENT] = { "#7a7a7a", false },
	[HL_TAG] = { "#000000", true },
	[HL_ATTRIBUTE] = { "#404040", false },
	[HL_PROMPT] = { "#808080", false },
	[HL_OUTPUT] = { "#606060", false },
};

/* Screen: hue (the EPUB's stylesheet writes these too), each at least
 * 4.5:1 (WCAG AA) on the default code background #f4f4f4. */
static const struct hl_look color_looks[HL_NCLASSES] = {
	[HL_KEYWORD] = { "#7a2e8f", true },
	[HL_TYPE] = { "#9a5b00", false },
	[HL_BUILTIN] = { "#0b6e99", false },
	[HL_FUNCTION] = { "#2f5fb3", false },
	[HL_VARIABLE] = { "#b3261e", false },
	[HL_STRING] = { "#2e7d32", false },
	[HL_NUMBER] = { "#985f00", false },
	[HL_COMMENT] = { "#5c6570", false },
	[HL_OPERATOR] = { "#7a4a12", false },
	[HL_PUNCTUATION] = { "#555555", false },
	[HL_TAG] = { "#1a4f8b", true },
	[HL_ATTRIBUTE] = { "#985f00", false },
	[HL_PROMPT] = { "#5c6570", false },
	[HL_OUTPUT] = { "#57606a", false },
};

struct hl_look
hl_look(enum hl_class c, bool grey)
{
	struct hl_look none = { NULL, false };

	if ((int)c < 0 || (int)c >= HL_NCLASSES)
		return none;
	return grey ? grey_looks[c] : color_looks[c];
}

/* Is the word w (n bytes) one of the space-separated words of list? */
static bool
in_words(const char *list, const char *w, size_t n)
{
	size_t ll = strlen(list);
	const char *p = list, *end = list + ll;

	while ((p = memmem(p, (size_t)(end - p), w, n)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
		p++;
	}
	return false;
}

static const struct lang *
find_lang(const char *name)
{
	char low[33];
	size_t n;

	if (name == NULL)
		return NULL;
	while (g_ascii_isspace(*name))
		name++;
	n = strlen(name);
	while (n > 0 && g_ascii_isspace(name[n - 1]))
		n--;
	if (n == 0 || n >= sizeof low)
		return NULL;
	for (size_t k = 0; k < n; k++)
		low[k] = g_ascii_tolower(name[k]);
	low[n] = '\0';
	if (strchr(low, ' ') != NULL)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(langs); i++)
		if (in_words(langs[i].names, low, n))
			return &langs[i];
	return NULL;
}

bool
hl_language_known(const char *lang)
{
	return find_lang(lang) != NULL;
}

/* The scanner's state over one text. */
struct lexer {
	const char *t;
	int n;
	unsigned char last;     /* the last non-blank byte emitted ('\n') */
	enum hl_class pending;  /* class of the next word (after "def") */
	const struct hl_state *stack[DEPTH];
	int depth;
	GArray *out;
};

static bool
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool
is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Is c one of the bytes of set (never NUL)? */
static bool
in_set(unsigned char c, const char *set)
{
	return c != '\0' && set != NULL && strchr(set, c) != NULL;
}

static bool
is_word(unsigned char c, const char *extra)
{
	return g_ascii_isalnum(c) || c >= 0x80 || in_set(c, extra);
}

static bool
has(const struct lexer *lx, int i, const char *s)
{
	size_t k = strlen(s);

	return (size_t)(lx->n - i) >= k && memcmp(lx->t + i, s, k) == 0;
}

/* Is position i a blank, the end of a line or of the text? */
static bool
blank_or_eol(const struct lexer *lx, int i)
{
	return i >= lx->n || lx->t[i] == '\n' || is_blank(lx->t[i]);
}

static bool
follows(const struct lexer *lx, const struct rule *r, int i)
{
	if (r->follow == '\0')
		return false;
	if (!(r->flags & F_TIGHT))
		while (i < lx->n && is_blank(lx->t[i]))
			i++;
	return i < lx->n && lx->t[i] == r->follow;
}

/* The keyword list that has w, or NULL. */
static const struct kwlist *
keyword(const struct rule *r, const char *w, int n)
{
	char low[64];

	if (r->kw == NULL || n >= (int)sizeof low)
		return NULL;
	if (r->flags & F_ICASE) {
		for (int i = 0; i < n; i++)
			low[i] = g_ascii_tolower(w[i]);
		w = low;
	}
	for (const struct kwlist *k = r->kw; k->words != NULL; k++)
		if (in_words(k->words, w, (size_t)n))
			return k;
	return NULL;
}

static int
scan_span(const struct lexer *lx, const struct rule *r, int i)
{
	const char *t = lx->t, *close = r->close;
	int n = lx->n, j = i, cl;

	for (int k = 0; k < 2 && j < n && in_set(t[j], r->set); k++)
		j++;
	if (!has(lx, j, r->open))
		return i;
	j += (int)strlen(r->open);
	if (r->flags & F_TAGGED) {
		/* $tag$: the tag is an identifier, of bounded length so
		 * that looking for its end stays linear */
		int s = j;

		if (j < n && g_ascii_isdigit(t[j]))
			return i;
		while (j < n && j - s < 64 && (g_ascii_isalnum(t[j]) || t[j] == '_'))
			j++;
		if (j >= n || t[j] != '$')
			return i;
		j++;
		close = t + i;
		cl = j - i;
	} else
		cl = (int)strlen(close);
	while (j < n) {
		if (t[j] == close[0] && n - j >= cl && memcmp(t + j, close, cl) == 0)
			return j + cl;
		if (r->esc != '\0' && t[j] == r->esc && j + 1 < n)
			j += 2;
		else if (t[j] == '\n' && !(r->flags & F_MULTI))
			return j;
		else
			j++;
	}
	return n;
}

static int
digits(const char *t, int n, int j)
{
	while (j < n && (g_ascii_isdigit(t[j]) || t[j] == '_'))
		j++;
	return j;
}

/* 42, -1, 0x1F, 1.5e-3; letters after it (10UL, 1.5f, 2j) are its suffix,
 * unless F_WHOLE, where they make it a word (30s, 1.19.2) instead. */
static int
scan_number(const struct lexer *lx, const struct rule *r, int i)
{
	const char *t = lx->t;
	int n = lx->n, j = i;

	if (r->open != NULL && has(lx, j, r->open))
		j += (int)strlen(r->open);
	if (j >= n || !(g_ascii_isdigit(t[j]) ||
	    (t[j] == '.' && j + 1 < n && g_ascii_isdigit(t[j + 1]))))
		return i;
	if (t[j] == '0' && j + 2 < n && (t[j + 1] == 'x' || t[j + 1] == 'X') &&
	    g_ascii_isxdigit(t[j + 2])) {
		for (j += 2; j < n && (g_ascii_isxdigit(t[j]) || t[j] == '_'); j++)
			;
	} else {
		j = digits(t, n, j);
		/* a fraction, but not 1..2 nor 1.name */
		if (j < n && t[j] == '.' && (j + 1 >= n ||
		    g_ascii_isdigit(t[j + 1]) || !(g_ascii_isalpha(t[j + 1]) ||
		    t[j + 1] == '_' || t[j + 1] == '.')))
			j = digits(t, n, j + 1);
		if (j < n && (t[j] == 'e' || t[j] == 'E')) {
			int k = j + 1;

			if (k < n && (t[k] == '+' || t[k] == '-'))
				k++;
			if (k < n && g_ascii_isdigit(t[k]))
				j = digits(t, n, k);
		}
	}
	if (r->flags & F_WHOLE) {
		if (j < n && is_word(t[j], r->set))
			return i;
	} else
		while (j < n && (g_ascii_isalnum(t[j]) || t[j] == '_'))
			j++;
	return j;
}

static int
scan_name(const struct lexer *lx, const struct rule *r, int i)
{
	const char *t = lx->t;
	int n = lx->n, j, k;

	if (!has(lx, i, r->open))
		return i;
	j = i + (int)strlen(r->open);
	if (r->flags & F_GAP)
		while (j < n && is_blank(t[j]))
			j++;
	k = j;
	while (k < n && (in_set(t[k], r->set) ||
	    ((r->flags & F_HIGH) && (unsigned char)t[k] >= 0x80))) {
		k++;
		if (r->flags & F_ONE)
			break;
	}
	if (k == j)
		return i;
	if (r->close != NULL) {
		if (!has(lx, k, r->close))
			return i;
		if (!(r->flags & F_PEEK))
			k += (int)strlen(r->close);
	}
	return k;
}

static int
scan_key(const struct lexer *lx, const struct rule *r, int i)
{
	const char *t = lx->t;
	int n = lx->n, j = i, e;

	while (j < n && t[j] != '\n' && !in_set(t[j], r->set))
		j++;
	if (j >= n || !in_set(t[j], r->close))
		return i;
	if ((r->flags & F_BLANK) && !blank_or_eol(lx, j + 1))
		return i;
	for (e = j; e > i && is_blank(t[e - 1]); e--)
		;
	return e;
}

static int
scan_prompt(const struct lexer *lx, const struct rule *r, int i)
{
	const char *t = lx->t;
	int n = lx->n, j = i, k;

	/* a virtualenv's "(name) " */
	if (j < n && t[j] == '(') {
		for (k = j + 1; k < n && t[k] != ')' && !blank_or_eol(lx, k); k++)
			;
		if (k + 1 < n && t[k] == ')' && t[k + 1] == ' ')
			j = k + 2;
	}
	if (j < n && t[j] == '[') {
		/* [root@controller ~]# */
		for (k = j + 1; k < n && t[k] != ']' && t[k] != '\n'; k++)
			;
		if (k >= n || t[k] != ']')
			return i;
		j = k + 1;
	} else {
		/* user@host:~/dir$ */
		bool host = false;

		for (k = j; k < n && !blank_or_eol(lx, k); k++)
			host |= t[k] == '@' || t[k] == ':';
		if (host && k > j + 1 && in_set(t[k - 1], r->set))
			j = k - 1;
	}
	if (j >= n || !in_set(t[j], r->set) || !blank_or_eol(lx, j + 1))
		return i;
	j++;
	if (j < n && t[j] == ' ')
		j++;
	return j;
}

/* Tries r at the lexer's position i: the end of its match, or i. *cls
 * is the match's class. */
static int
try_rule(struct lexer *lx, const struct rule *r, int i, enum hl_class *cls)
{
	const char *t = lx->t;
	unsigned char prev = i > 0 ? (unsigned char)t[i - 1] : '\n';
	const struct kwlist *kw;
	int e = i;

	if (r->prev != NULL && !in_set(prev, r->prev))
		return i;
	if (r->after != NULL && !in_set(lx->last, r->after))
		return i;
	*cls = r->cls;
	switch (r->m) {
	case M_END:
		return i;
	case M_LIT:
		if (!has(lx, i, r->open))
			return i;
		e = i + (int)strlen(r->open);
		if ((r->flags & F_BLANK) && !blank_or_eol(lx, e))
			return i;
		break;
	case M_LINE:
		if (!has(lx, i, r->open))
			return i;
		for (e = i + (int)strlen(r->open); e < lx->n && t[e] != '\n'; e++)
			;
		break;
	case M_SPAN:
		e = scan_span(lx, r, i);
		if (e > i && follows(lx, r, e))
			*cls = r->follow_cls;
		break;
	case M_WORD:
		while (e < lx->n && is_word(t[e], r->set))
			e++;
		if (e == i)
			return i;
		if ((kw = keyword(r, t + i, e - i)) != NULL)
			*cls = kw->cls;
		else if (lx->pending != HL_PLAIN)
			*cls = lx->pending;
		else if (follows(lx, r, e))
			*cls = r->follow_cls;
		lx->pending = kw != NULL ? kw->next : HL_PLAIN;
		break;
	case M_NUMBER:
		e = scan_number(lx, r, i);
		break;
	case M_RUN:
		while (e < lx->n && in_set(t[e], r->set))
			e++;
		break;
	case M_NAME:
		e = scan_name(lx, r, i);
		break;
	case M_KEY:
		e = scan_key(lx, r, i);
		break;
	case M_ESCAPE:
		if (!has(lx, i, r->open))
			return i;
		e = i + (int)strlen(r->open);
		if (e < lx->n)
			e++;
		break;
	case M_PROMPT:
		e = scan_prompt(lx, r, i);
		break;
	}
	return e;
}

static void
emit(struct lexer *lx, int s, int e, enum hl_class cls)
{
	struct hl_token tok = { s, e - s, cls };

	for (int k = e - 1; k >= s; k--)
		if (!is_blank(lx->t[k])) {
			lx->last = (unsigned char)lx->t[k];
			break;
		}
	if (lx->out->len > 0) {
		struct hl_token *last = &g_array_index(lx->out, struct hl_token,
		    lx->out->len - 1);

		if (last->cls == cls) {
			last->len += e - s;
			return;
		}
	}
	g_array_append_val(lx->out, tok);
}

static void
apply(struct lexer *lx, enum act a, const struct hl_state *to)
{
	switch (a) {
	case A_STAY:
		break;
	case A_PUSH:
		/* a full stack forgets its oldest state, never overflows */
		if (lx->depth == DEPTH) {
			memmove(lx->stack, lx->stack + 1,
			    (DEPTH - 1) * sizeof lx->stack[0]);
			lx->depth--;
		}
		lx->stack[lx->depth++] = to;
		break;
	case A_POP:
		if (lx->depth > 1)
			lx->depth--;
		break;
	case A_GOTO:
		lx->stack[0] = to;
		lx->depth = 1;
		break;
	}
}

/*
 * One token at position i: its end, class and the action after it. The
 * caller extends the end over UTF-8 continuation bytes, so that no token,
 * even of invalid UTF-8, starts inside a character.
 */
static int
step(struct lexer *lx, int i, enum hl_class *cls, enum act *a,
    const struct hl_state **to)
{
	const struct hl_state *top = lx->stack[lx->depth - 1];
	const char *t = lx->t;
	int n = lx->n, e;

	*a = A_STAY;
	*cls = HL_PLAIN;
	if (t[i] == '\n' && top->eol != A_STAY) {
		lx->pending = HL_PLAIN;
		*a = top->eol;
		*to = top->eol_to;
		return i + 1;
	}
	if (top->dflt == HL_PLAIN && (is_blank(t[i]) || t[i] == '\n')) {
		for (e = i; e < n && (is_blank(t[e]) ||
		    (t[e] == '\n' && top->eol == A_STAY)); e++)
			;
		return e;
	}
	for (const struct hl_state *s = top; s != NULL; s = s->inherit) {
		for (const struct rule *r = s->rules; r != NULL && r->m != M_END;
		    r++) {
			e = try_rule(lx, r, i, cls);
			if (e <= i)
				continue;
			if (r->m != M_WORD)
				lx->pending = HL_PLAIN;
			*a = r->act;
			*to = r->to;
			return e;
		}
	}
	if (!is_blank(t[i]) && t[i] != '\n')
		lx->pending = HL_PLAIN;
	*cls = top->dflt;
	return i + 1;
}

GArray *
hl_tokenize(const char *lang, const char *text, int len)
{
	const struct lang *l = find_lang(lang);
	struct lexer lx;
	int i;

	if (text == NULL)
		len = 0;
	else if (len < 0)
		len = (int)strlen(text);
	lx.out = g_array_sized_new(FALSE, FALSE, sizeof(struct hl_token),
	    (guint)(len / 8 + 1));
	if (len == 0)
		return lx.out;
	if (l == NULL) {
		struct hl_token tok = { 0, len, HL_PLAIN };

		g_array_append_val(lx.out, tok);
		return lx.out;
	}
	lx.t = text;
	lx.n = len;
	lx.last = '\n';
	lx.pending = HL_PLAIN;
	lx.stack[0] = l->start;
	lx.depth = 1;
	for (i = 0; i < len; ) {
		const struct hl_state *to = NULL;
		enum hl_class cls;
		enum act a;
		int e = step(&lx, i, &cls, &a, &to);

		while (e < len && is_cont(text[e]))
			e++;
		emit(&lx, i, e, cls);
		apply(&lx, a, to);
		i = e;
	}
	return lx.out;
}
