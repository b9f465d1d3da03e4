/* main.c - placeholder entry; replaced by the CLI dispatcher. */
#include <stdio.h>
int main(void) { puts("docket"); return 0; }
