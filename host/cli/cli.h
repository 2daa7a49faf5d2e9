/* cli.h: the command line parsed into one options struct, validated before
 * anything runs; main.c only dispatches. */
#ifndef TAILTILT_CLI_H
#define TAILTILT_CLI_H

#include "tailtilt.h"

typedef enum { CMD_RUN_METHOD, CMD_EXACT, CMD_SWEEP, CMD_DISTS, CMD_HELP, CMD_VERSION, CMD_BUILDCONF } tt_command;

typedef struct {
    tt_command command;
    tt_job job;
    const char *out;
    tt_format format;
    int quiet;
    const char *help_topic; /* method name for `tailtilt METHOD --help`, or NULL */
    /* run CONFIG */
    const char *config;
    int out_given, format_given, resume, dry_run, threads, stop_after, backend, backend_given;
    uint64_t split_min;     /* under MPI: points with at least this many samples are split */
} tt_cli;

/* Returns TT_OK, or TT_EINVAL with a one-line message. Frees nothing on
 * failure that the caller must free; call tt_cli_free after success. */
int tt_cli_parse(int argc, char **argv, tt_cli *cli, char *msg);
void tt_cli_free(tt_cli *cli);
void tt_cli_usage(FILE *fp, const char *topic);

#endif
