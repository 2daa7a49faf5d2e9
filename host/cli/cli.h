/* cli.h: the command line parsed into one options struct, validated before
 * anything runs; main.c only dispatches. */
#ifndef TAILTILT_CLI_H
#define TAILTILT_CLI_H

#include <stdio.h>
#include "methods/job.h"

typedef enum { CMD_RUN_METHOD, CMD_EXACT, CMD_SWEEP, CMD_DISTS, CMD_HELP, CMD_VERSION, CMD_BUILDCONF } tt_command;

typedef struct {
    tt_command command;
    tt_jobdef def;          /* a method's job as given (owns its grid and laws) */
    tt_job job;             /* the job to run */
    const char *out;
    tt_format format;
    int quiet;
    const char *help_topic; /* a command for `tailtilt help COMMAND`, or NULL */
    /* run CONFIG */
    const char *config;
    int out_given, format_given, resume, dry_run, threads, stop_after, backend, backend_given;
    int precision, precision_given;
    uint64_t split_min;     /* under MPI: points with at least this many samples are split */
} tt_cli;

/* Returns TT_OK, or TT_EINVAL with a one-line message; call tt_cli_free
 * after either. */
int tt_cli_parse(int argc, char **argv, tt_cli *cli, char *msg);
void tt_cli_free(tt_cli *cli);
/* Under backend auto, one line on stderr when the machine has a GPU that
 * cannot run (nothing without a GPU, nothing when quiet); once per process. */
void tt_cli_note_backend(int quiet);
/* The usage of a command (NULL: of the program); 0, or -1 for an unknown topic. */
int tt_cli_usage(FILE *fp, const char *topic);

#endif
