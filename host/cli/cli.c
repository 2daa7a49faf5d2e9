/* cli.c: parses `tailtilt COMMAND [options]` into a tt_cli and validates
 * every value (specs, grids, counts, paths) with one clear message. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/tail_cmd.h"
#include "cli/cli.h"
#include "core/util.h"
#include "methods/method.h"


void tt_cli_note_backend(int quiet)
{
    static int noted;
    const char *note = quiet || noted ? NULL : tt_auto_note();
    if (note)
        fprintf(stderr, "tailtilt: note: %s\n", note);
    noted = 1;
}

int tt_cli_usage(FILE *fp, const char *topic)
{
    if (topic && strcmp(topic, "run") == 0) {
        fputs("usage: tailtilt run CONFIG [--out FILE|-] [--format jsonl|csv] [--resume] [--dry-run]\n"
              "                    [--threads K] [--backend cpu|cuda|auto] [--precision single|double]\n"
              "                    [--split-min S] [--quiet]\n"
              "  Runs every point of a YAML sweep file (see configs/), writing each record as it\n"
              "  finishes. --resume skips points already in the results file (matched by point_hash);\n"
              "  --dry-run lists the points and the samples to draw. The output defaults to the\n"
              "  config's 'output', else stdout. Under mpirun (or srun) the ranks share the sweep: rank 0\n"
              "  hands out points and writes; points of at least --split-min samples (default 2^30) are\n"
              "  split across ranks by chunk ranges; the records do not depend on the number of ranks.\n", fp);
        return 0;
    }
    if (topic && strcmp(topic, "dists") == 0) {
        fputs("usage: tailtilt dists\n  Lists the distributions, their parameters and their upper-tail class.\n", fp);
        return 0;
    }
    if (topic && strcmp(topic, "exact") == 0) {
        fputs("usage: tailtilt exact METHOD [the METHOD's options]\n"
              "  Reference values (closed forms for independent normals, GSL quadrature\n"
              "  otherwise) in the same record fields as the Monte Carlo commands.\n", fp);
        return 0;
    }
    if (topic && strcmp(topic, "tail") == 0) {
        tt_tail_usage(fp);
        return 0;
    }
    const tt_method_desc *m = topic ? tt_method_find(topic) : NULL;
    if (m) {
        fprintf(fp, "usage: tailtilt %s --error SPEC --utility SPEC %s\n", m->name, m->usage);
        fputs("         [--samples N] [--seed S] [--threads K] [--backend cpu|cuda|auto|exact] [--no-diagnostics]\n"
              "         [--precision single|double] [--out FILE|-] [--format jsonl|csv|table] [--quiet]\n", fp);
        fputs(m->about, fp);
        fputs("  SPEC: name(key=value, ...), e.g. normal(scale=2), student_t(df=3, standardize=true)\n"
              "  GRID: 1,2,5 | lin:A:B:K | geom:A:B:K.  Counts accept 1e9.  Defaults: normal() for both laws,\n"
              "  --samples 1e6, --seed 1, all threads, --precision single, --out - (stdout), --format jsonl.\n"
              "  --precision: per-sample arithmetic, float (single, within 1e-6 of double per sample) or\n"
              "  double; laws reaching beyond float's range, and importance-weighted passes, run in double.\n", fp);
        return 0;
    }
    if (topic)
        return -1;
    fputs("usage: tailtilt COMMAND [options]\n"
          "commands:\n"
          "  run        a sweep from a YAML config: tailtilt run CONFIG\n", fp);
    for (int k = 0; k < TT_METHOD_COUNT; ++k) {
        const tt_method_desc *d = tt_method_get(k);
        fprintf(fp, "  %-10s %s\n", d->name, d->summary);
    }
    fputs("  exact      reference values: tailtilt exact METHOD ...\n"
          "  tail       tail analysis of reward samples: tailtilt tail FILE ...\n"
          "  dists      list the distributions\n"
          "options: --help (also after a command, or tailtilt help COMMAND), --version, --build-configuration\n"
          "exit status: 0 success, 1 runtime failure, 2 bad input\n", fp);
    return 0;
}

static int bad(char *msg, const char *fmt, const char *a, const char *b)
{
    snprintf(msg, TT_MSG_LEN, fmt, a, b);
    return TT_EINVAL;
}

static int parse_run(int argc, char **argv, tt_cli *cli, char *msg)
{
    cli->command = CMD_SWEEP;
    cli->split_min = 1ull << 30;
    for (int i = 2; i < argc; ++i) {
        const char *opt = argv[i];
        if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
            cli->command = CMD_HELP;
            cli->help_topic = "run";
            return TT_OK;
        }
        if (!strcmp(opt, "--resume")) { cli->resume = 1; continue; }
        if (!strcmp(opt, "--dry-run")) { cli->dry_run = 1; continue; }
        if (!strcmp(opt, "--quiet")) { cli->quiet = 1; continue; }
        if (opt[0] == '-' && opt[1] == '-') {
            if (i + 1 >= argc)
                return bad(msg, "option '%s' needs a value%s", opt, "");
            const char *val = argv[++i];
            if (!strcmp(opt, "--out")) {
                if (!*val) return bad(msg, "empty --out path%s%s", "", "");
                cli->out = val;
                cli->out_given = 1;
            } else if (!strcmp(opt, "--format")) {
                if (!strcmp(val, "jsonl")) cli->format = TT_FORMAT_JSONL;
                else if (!strcmp(val, "csv")) cli->format = TT_FORMAT_CSV;
                else return bad(msg, "invalid --format '%s': expected jsonl or csv%s", val, "");
                cli->format_given = 1;
            } else if (!strcmp(opt, "--threads")) {
                double t;
                if (tt_parse_double(val, &t) || t < 1 || t > 4096 || t != floor(t))
                    return bad(msg, "invalid --threads '%s': expected a whole number from 1 to 4096%s", val, "");
                cli->threads = (int)t;
            } else if (!strcmp(opt, "--backend")) {
                if (!strcmp(val, "cpu")) cli->backend = TT_BACKEND_CPU;
                else if (!strcmp(val, "cuda")) cli->backend = TT_BACKEND_CUDA;
                else if (!strcmp(val, "auto")) cli->backend = TT_BACKEND_AUTO;
                else return bad(msg, "invalid --backend '%s': expected cpu, cuda or auto%s", val, "");
                cli->backend_given = 1;
            } else if (!strcmp(opt, "--precision")) {
                if (!strcmp(val, "single")) cli->precision = TT_PRECISION_SINGLE;
                else if (!strcmp(val, "double")) cli->precision = TT_PRECISION_DOUBLE;
                else return bad(msg, "invalid --precision '%s': expected single or double%s", val, "");
                cli->precision_given = 1;
            } else if (!strcmp(opt, "--split-min")) {
                if (tt_count_parse(val, &cli->split_min, msg)) return TT_EINVAL;
            } else if (!strcmp(opt, "--stop-after")) { /* for tests: a run cut short at a point */
                double t;
                if (tt_parse_double(val, &t) || t < 1 || t > INT_MAX || t != floor(t))
                    return bad(msg, "invalid --stop-after '%s': expected a whole number from 1 to %s", val,
                               "2147483647");
                cli->stop_after = (int)t;
            } else
                return bad(msg, "unknown option '%s' (see tailtilt run --help)%s", opt, "");
            continue;
        }
        if (cli->config)
            return bad(msg, "run takes one config file (got '%s' and '%s')", cli->config, opt);
        cli->config = opt;
    }
    if (!cli->config)
        return bad(msg, "run needs a config file: tailtilt run CONFIG (see configs/)%s%s", "", "");
    return TT_OK;
}

/* The command line's job options, each a key of the job rules (job.h). */
static const char *const JOB_FLAGS[] = {"--error", "--utility", "--beta", "--t", "--n", "--samples", "--trials",
                                        "--seed", "--threads", "--backend", "--c", "--a", "--q", "--estimator",
                                        "--proposal", "--precision", NULL};

static int is_job_flag(const char *opt)
{
    for (int i = 0; JOB_FLAGS[i]; ++i)
        if (!strcmp(opt, JOB_FLAGS[i]))
            return 1;
    return 0;
}

/* A method's options after its name: each job option into the job rules,
 * the rest (output, format, quiet) here; then the rules between keys. */
static int parse_method(int argc, char **argv, int i, const tt_method_desc *m, tt_cli *cli, char *msg)
{
    tt_jobdef *d = &cli->def;
    tt_jobdef_init(d);
    tt_jobdef_set(d, "method", m->name, msg);
    int out_given = 0;
    for (; i < argc; ++i) {
        const char *opt = argv[i];
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            cli->command = CMD_HELP;
            cli->help_topic = m->name;
            return TT_OK;
        }
        if (strcmp(opt, "--quiet") == 0) { cli->quiet = 1; continue; }
        if (strcmp(opt, "--no-diagnostics") == 0) {
            if (tt_jobdef_set(d, "diagnostics", "false", msg)) return TT_EINVAL;
            continue;
        }
        int job_flag = is_job_flag(opt);
        if (!job_flag && strcmp(opt, "--out") && strcmp(opt, "--format"))
            return bad(msg, "unknown option '%s' (see tailtilt %s --help)", opt, m->name);
        if (i + 1 >= argc || (argv[i + 1][0] == '-' && argv[i + 1][1] == '-'))
            return bad(msg, "option '%s' needs a value%s", opt, "");
        const char *val = argv[++i];
        for (int k = 0; k + 1 < i; ++k) /* a flag given twice is refused, never silently replaced */
            if (!strcmp(argv[k], opt) && k >= 2)
                return bad(msg, "option '%s' given twice%s", opt, "");
        if (job_flag) {
            if (tt_jobdef_set(d, opt + 2, val, msg) != TT_OK)
                return TT_EINVAL;
        } else if (strcmp(opt, "--out") == 0) {
            if (!*val) return bad(msg, "empty --out path%s%s", "", "");
            cli->out = val;
            out_given = 1;
        } else {
            if (strcmp(val, "jsonl") == 0) cli->format = TT_FORMAT_JSONL;
            else if (strcmp(val, "csv") == 0) cli->format = TT_FORMAT_CSV;
            else if (strcmp(val, "table") == 0) cli->format = TT_FORMAT_TABLE;
            else return bad(msg, "invalid --format '%s': expected jsonl, csv or table%s", val, "");
            cli->format_given = 1;
        }
    }
    (void)out_given;
    if (cli->command == CMD_EXACT)
        d->exact = 1;
    const char *bad_key;
    if (tt_jobdef_check(d, &bad_key, msg) != TT_OK)
        return TT_EINVAL;
    if (d->nerror > 1 || d->nutility > 1)
        return bad(msg, "give one --error and one --utility (a sweep config takes lists)%s%s", "", "");
    if (d->exact)
        cli->command = CMD_EXACT;
    tt_job *job = &cli->job;
    tt_jobdef_job(d, 0, 0, job);
    /* the command's definition (not its threads, backend or output), hashed */
    char def[3 * TT_SPEC_LEN];
    int dl = snprintf(def, sizeof def, "%s|%s|%s|%s|%llu|%llu|%llu|%.17g|%.17g|%d|%d|%d|%d", m->name,
                      job->error_spec, job->utility_spec, d->grid_text, (unsigned long long)job->samples,
                      (unsigned long long)job->trials, (unsigned long long)job->seed, job->c, job->a, job->q_is_sum,
                      job->proposal, job->weighted, job->precision);
    snprintf(job->config_hash, sizeof job->config_hash, "%016llx",
             (unsigned long long)tt_fnv1a64(def, (size_t)(dl < (int)sizeof def ? dl : (int)sizeof def - 1),
                                            TT_FNV_OFFSET));
    return TT_OK;
}

int tt_cli_parse(int argc, char **argv, tt_cli *cli, char *msg)
{
    memset(cli, 0, sizeof *cli);
    cli->out = "-";
    if (argc < 2) {
        cli->command = CMD_HELP;
        return TT_OK;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        cli->command = CMD_HELP;
        cli->help_topic = argc > 2 ? argv[2] : NULL;
        return TT_OK;
    }
    if (strcmp(cmd, "--version") == 0) { cli->command = CMD_VERSION; return TT_OK; }
    if (strcmp(cmd, "--build-configuration") == 0) { cli->command = CMD_BUILDCONF; return TT_OK; }
    if (strcmp(cmd, "dists") == 0) {
        cli->command = CMD_DISTS;
        if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
            cli->command = CMD_HELP;
            cli->help_topic = "dists";
        } else if (argc > 2)
            return bad(msg, "unexpected argument '%s' to dists%s", argv[2], "");
        return TT_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return parse_run(argc, argv, cli, msg);
    const tt_method_desc *m;
    if (strcmp(cmd, "exact") == 0) {
        cli->command = CMD_EXACT;
        if (argc < 3 || strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0) {
            if (argc >= 3) { cli->command = CMD_HELP; cli->help_topic = "exact"; return TT_OK; }
            return bad(msg, "exact needs a method: %s%s", tt_method_list(), "");
        }
        if (!(m = tt_method_find(argv[2])))
            return bad(msg, "unknown method '%s' (accepted: %s)", argv[2], tt_method_list());
        return parse_method(argc, argv, 3, m, cli, msg);
    }
    cli->command = CMD_RUN_METHOD;
    if (!(m = tt_method_find(cmd)))
        return bad(msg, "unknown command '%s' (accepted: run, %s, exact, tail, dists; see --help)", cmd,
                   tt_method_list());
    return parse_method(argc, argv, 2, m, cli, msg);
}

void tt_cli_free(tt_cli *cli)
{
    tt_jobdef_free(&cli->def);
}
