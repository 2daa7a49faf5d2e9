/* tail_cmd.h: `tailtilt tail FILE ...`: tail analysis of reward samples. */
#ifndef TAILTILT_TAIL_CMD_H
#define TAILTILT_TAIL_CMD_H

#include <stdio.h>

/* The command's usage text. */
void tt_tail_usage(FILE *fp);
/* Parses its own options (argv[0] is "tail"); returns the exit code. */
int tt_tail_main(int argc, char **argv);

#endif
