int x; /* 未结束的注释
 * to the end