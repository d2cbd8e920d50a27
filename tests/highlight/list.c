/*
 * 列出目录中的文件（示例）。
 */
#include <stdio.h>
#include "list.h"
#  define MAX_NAME 256

struct entry {
	char name[MAX_NAME];
	unsigned long size;   /* 字节 */
	struct entry *next;
};

static int
count_entries(const struct entry *e)
{
	int n = 0;

	for (; e != NULL; e = e->next)
		n++;
	return n;
}

int
main(int argc, char **argv)
{
	const char *msg = "hello, \"世界\"\n";
	char c = '\'';
	double d = 1.5e-3f + 0x1Fu + 017;

	if (argc > 1 && argv[1][0] == '-') // 选项
		printf("%s %c %g\n", msg, c, d);
	return count_entries(NULL) == 0 ? 0 : 1;
}
