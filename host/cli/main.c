/* main.c: the tailtilt program: parse and validate, open the results file,
 * run (Monte Carlo or exact), write records; exit 0, 1 (runtime) or 2 (input). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "cli/cli.h"
#include "cli/progress.h"
#include "cli/sink.h"
#include "backends/backend.h"
#include "laws/law.h"
#include "methods/method.h"
#include "cli/sweep.h"
#if TT_HAVE_MPI
#include "cli/mpi.h"
#endif
#include "cli/tail_cmd.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_INPUT = 2 };

static int die(int code, const char *msg)
{
    fprintf(stderr, "tailtilt: error: %s\n", msg && *msg ? msg : code == EXIT_INPUT ? "invalid input" : "failed");
    return code;
}

static void list_dists(void)
{
    printf("%-12s %-6s %-10s %-14s %s\n", "name", "tail", "mgf_radius", "moments_below", "parameters");
    for (int k = 0; k < TT_DIST_COUNT; ++k) {
        const tt_law *l = tt_law_get(k);
        printf("%-12s %-6s %-10s %-14s %s%s\n", l->name, l->listing[0], l->listing[1], l->listing[2], l->help,
               l->listing[3]);
    }
}

static void build_configuration(void)
{
    printf("tailtilt %s\n", TT_VERSION);
#ifdef _OPENMP
    printf("openmp: yes (%d threads available)\n", omp_get_max_threads());
#else
    printf("openmp: no\n");
#endif
#if TT_HAVE_MPI
    printf("mpi: yes (mpirun -np K tailtilt run CONFIG)\n");
#else
    printf("mpi: no (libopenmpi-dev was not found when it was configured)\n");
#endif
#ifdef TT_GIT_HASH
    printf("git: %s\n", TT_GIT_HASH);
#endif
#if TT_HAVE_CUDA
    char why[TT_MSG_LEN];
    int usable = tt_cuda_usable(why);
    printf("backends: cpu, cuda (kernels built for %s; %s%s)\n", TT_CUDA_ARCHS, usable ? "device: " : "",
           usable ? tt_cuda_device_name() : why);
#else
    printf("backends: cpu (built without nvcc)\n");
#endif
}

static int run(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "tail"))
        return tt_tail_main(argc - 1, argv + 1);
    tt_cli cli;
    char msg[TT_MSG_LEN] = "";
    if (tt_cli_parse(argc, argv, &cli, msg) != TT_OK) {
        tt_cli_free(&cli);
        return die(EXIT_INPUT, msg);
    }
    switch (cli.command) {
    case CMD_HELP:
        if (tt_cli_usage(stdout, cli.help_topic) != 0) {
            snprintf(msg, TT_MSG_LEN, "no help on '%s' (commands: run, %s, exact, tail, dists)", cli.help_topic,
                     tt_method_list());
            return die(EXIT_INPUT, msg);
        }
        return EXIT_OK;
    case CMD_VERSION:
        printf("tailtilt %s\n", TT_VERSION);
        return EXIT_OK;
    case CMD_BUILDCONF:
        build_configuration();
        return EXIT_OK;
    case CMD_DISTS:
        list_dists();
        return EXIT_OK;
    default:
        break;
    }
    if (cli.command == CMD_SWEEP) {
        tt_sweep sweep;
        int st = tt_sweep_load(cli.config, &sweep, msg);
        if (st != TT_OK)
            return die(EXIT_INPUT, msg);
        if (cli.backend_given)
            sweep.backend_override = cli.backend;
        if (cli.precision_given)
            sweep.precision_override = cli.precision;
        tt_sweep_options o = {cli.out_given ? cli.out : NULL, cli.format_given ? (int)cli.format : -1,
                              cli.resume, cli.dry_run, cli.quiet, cli.threads, cli.stop_after};
#if TT_HAVE_MPI
        if (tt_mpi_launched()) {
            int code = tt_mpi_sweep(&sweep, &o, cli.split_min, msg);
            tt_sweep_free(&sweep);
            return code;
        }
#endif
        st = tt_sweep_run(&sweep, &o, msg);
        tt_sweep_free(&sweep);
        if (st != TT_OK)
            return die(st == TT_EINVAL ? EXIT_INPUT : EXIT_RUNTIME, msg[0] ? msg : tt_strerror(st));
        return EXIT_OK;
    }
    tt_job *job = &cli.job;
    tt_writer w;
    int wst = tt_writer_open(&w, cli.out, cli.format, cli.format_given, msg);
    if (wst != TT_OK) {
        tt_cli_free(&cli);
        return die(wst == TT_EINVAL ? EXIT_INPUT : EXIT_RUNTIME, msg);
    }
    tt_record *recs = calloc((size_t)job->ngrid, sizeof *recs);
    if (!recs) {
        tt_cli_free(&cli);
        return die(EXIT_RUNTIME, "out of memory for records");
    }
    int st, code = EXIT_OK;
    if (cli.command == CMD_EXACT) {
        st = tt_exact(job, recs, msg);
        for (int g = 0; st == TT_OK && g < job->ngrid; ++g)
            st = tt_writer_write(&w, &recs[g], msg);
    } else {
        /* records are written (and flushed) as each point finishes */
        tt_progress pg;
        tt_progress_init(&pg, !cli.quiet, tt_method_get(job->method)->cost(job), job->ngrid);
        tt_progress_label(&pg, tt_method_name(job->method));
        tt_sink k;
        tt_sink_init(&k, &w, &pg);
        k.quiet = cli.quiet;
        tt_run_hooks hooks = tt_sink_hooks(&k);
        if (job->backend == TT_BACKEND_AUTO)
            tt_cli_note_backend(cli.quiet);
        st = tt_run(job, recs, &hooks, msg);
        tt_progress_finish(&pg);
        if (st == TT_EIO && k.msg[0])
            snprintf(msg, TT_MSG_LEN, "%s", k.msg);
    }
    if (st != TT_OK)
        code = die(st == TT_EINVAL ? EXIT_INPUT : EXIT_RUNTIME, msg[0] ? msg : tt_strerror(st));
    if (tt_writer_close(&w, msg) != TT_OK && code == EXIT_OK)
        code = die(EXIT_RUNTIME, msg);
    free(recs);
    tt_cli_free(&cli);
    return code;
}

/* What went to stdout (help, the laws, a dry run's points) is checked once,
 * here: a full disk or a closed pipe is a failure, never a silent success. */
int main(int argc, char **argv)
{
    int code = run(argc, argv);
    int unflushed = fflush(stdout) != 0, err = errno;
    if ((unflushed || ferror(stdout)) && code == EXIT_OK) {
        char msg[TT_MSG_LEN];
        snprintf(msg, sizeof msg, "writing to standard output failed%s%s", unflushed ? ": " : "",
                 unflushed ? strerror(err) : "");
        code = die(EXIT_INPUT, msg);
    }
    return code;
}
