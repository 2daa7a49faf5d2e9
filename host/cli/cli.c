/* cli.c: parses `tailtilt COMMAND [options]` into a tt_cli and validates
 * every value (specs, grids, counts, paths) with one clear message. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "core/util.h"


void tt_cli_usage(FILE *fp, const char *topic)
{
    if (topic && strcmp(topic, "run") == 0) {
        fputs("usage: tailtilt run CONFIG [--out FILE|-] [--format jsonl|csv] [--resume] [--dry-run]\n"
              "                    [--threads K] [--backend cpu|cuda|auto] [--split-min S] [--quiet]\n"
              "  Runs every point of a YAML sweep file (see configs/), writing each record as it\n"
              "  finishes. --resume skips points already in the results file (matched by point_hash);\n"
              "  --dry-run lists the points and the samples to draw. The output defaults to the\n"
              "  config's 'output', else stdout. Under mpirun (or srun) the ranks share the sweep: rank 0\n"
              "  hands out points and writes; points of at least --split-min samples (default 2^30) are\n"
              "  split across ranks by chunk ranges; the records do not depend on the number of ranks.\n", fp);
        return;
    }
    if (topic && strcmp(topic, "dists") == 0) {
        fputs("usage: tailtilt dists\n  Lists the distributions, their parameters and their upper-tail class.\n", fp);
        return;
    }
    if (topic && strcmp(topic, "exact") == 0) {
        fputs("usage: tailtilt exact METHOD [the METHOD's options]\n"
              "  Reference values (closed forms for independent normals, GSL quadrature\n"
              "  otherwise) in the same record fields as the Monte Carlo commands.\n", fp);
        return;
    }
    if (topic) {
        const char *grid = strcmp(topic, "tilt") == 0 ? "--beta GRID [--no-diagnostics]"
                         : strcmp(topic, "bon") == 0 ? "--n GRID [--trials K | --estimator weighted --samples S]"
                         : "--t GRID";
        fprintf(fp, "usage: tailtilt %s --error SPEC --utility SPEC %s", topic, grid);
        if (strcmp(topic, "construct") == 0)
            fputs(" [--c C] [--a A] [--q error|sum]", fp);
        if (strcmp(topic, "construct") == 0 || strcmp(topic, "threshold") == 0)
            fputs("\n         [--proposal none|auto|tilt|tail]", fp);
        fputs("\n         [--samples N] [--seed S] [--threads K] [--backend cpu|cuda|auto] [--out FILE|-]\n"
              "         [--format jsonl|csv|table] [--quiet]\n", fp);
        if (strcmp(topic, "tilt") == 0)
            fputs("  KL-penalised optimum pi ~ pi0 exp(U/beta) for each beta (> 0), by importance weighting,\n"
                  "  with PSIS k-hat, first-half estimates and batch-means errors (--no-diagnostics: without).\n", fp);
        else if (strcmp(topic, "threshold") == 0)
            fputs("  pi0 conditioned on U >= t for each t: P, E[V|U>=t], E[X|U>=t], KL = -log P.\n", fp);
        else if (strcmp(topic, "bon") == 0)
            fputs("  Best of N draws by U, for each N (whole numbers >= 1), over K trials (default 1000).\n"
                  "  --estimator weighted: every N from one set of S samples sorted by U (weights\n"
                  "  (i/S)^N - ((i-1)/S)^N), standard errors from 16 disjoint sets; flagged where N ~ S;\n"
                  "  --proposal auto|tail|tilt draws that set from an importance-sampling proposal.\n", fp);
        else
            fputs("  Theorem-1 policy: Q (law of X with --q error, of U with --q sum) reweighted so that\n"
                  "  mass c*t^-a lies at or above t (defaults c = 1, a = 0.8; each t > 0).\n", fp);
        fputs("  SPEC: name(key=value, ...), e.g. normal(scale=2), student_t(df=3, standardize=true)\n"
              "  GRID: 1,2,5 | lin:A:B:K | geom:A:B:K.  Counts accept 1e9.  Defaults: normal() for both laws,\n"
              "  --samples 1e6, --seed 1, all threads, --out - (stdout), --format jsonl.\n", fp);
        return;
    }
    fputs("usage: tailtilt COMMAND [options]\n"
          "commands:\n"
          "  run        a sweep from a YAML config: tailtilt run CONFIG\n"
          "  tilt       KL-penalised tilting over a grid of beta\n"
          "  threshold  conditioning on U >= t over a grid of t\n"
          "  bon        best-of-N over a grid of N\n"
          "  construct  the paper's low-KL construction over a grid of t\n"
          "  exact      reference values: tailtilt exact METHOD ...\n"
          "  tail       tail analysis of reward samples: tailtilt tail FILE ...\n"
          "  dists      list the distributions\n"
          "options: --help (also after a command), --version, --build-configuration\n"
          "exit status: 0 success, 1 runtime failure, 2 bad input\n", fp);
}

static int bad(char *msg, const char *fmt, const char *a, const char *b)
{
    snprintf(msg, TT_MSG_LEN, fmt, a, b);
    return TT_EINVAL;
}

static int method_from(const char *s)
{
    for (int m = 0; m < TT_METHOD_COUNT; ++m)
        if (strcmp(s, tt_method_name((tt_method)m)) == 0)
            return m;
    return -1;
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
            } else if (!strcmp(opt, "--split-min")) {
                if (tt_count_parse(val, &cli->split_min, msg)) return TT_EINVAL;
            } else if (!strcmp(opt, "--stop-after")) { /* for tests: a run cut short at a point */
                double t;
                if (tt_parse_double(val, &t) || t < 1 || t != floor(t))
                    return bad(msg, "invalid --stop-after '%s'%s", val, "");
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

int tt_cli_parse(int argc, char **argv, tt_cli *cli, char *msg)
{
    memset(cli, 0, sizeof *cli);
    cli->out = "-";
    if (argc < 2) {
        cli->command = CMD_HELP;
        return TT_OK;
    }
    const char *cmd = argv[1];
    int i = 2;
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
    int method;
    if (strcmp(cmd, "exact") == 0) {
        cli->command = CMD_EXACT;
        if (argc < 3 || strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0) {
            if (argc >= 3) { cli->command = CMD_HELP; cli->help_topic = "exact"; return TT_OK; }
            return bad(msg, "exact needs a method: tilt, threshold, bon or construct%s%s", "", "");
        }
        method = method_from(argv[2]);
        if (method < 0)
            return bad(msg, "unknown method '%s' (accepted: tilt, threshold, bon, construct)%s", argv[2], "");
        i = 3;
    } else {
        cli->command = CMD_RUN_METHOD;
        method = method_from(cmd);
        if (method < 0)
            return bad(msg, "unknown command '%s' (accepted: tilt, threshold, bon, construct, exact, dists; see --help)%s", cmd, "");
    }
    tt_job *job = &cli->job;
    job->method = (tt_method)method;
    job->samples = 1000000;
    job->trials = 1000;
    job->seed = 1;
    job->threads = 0;
    job->c = 1.0;
    job->a = 0.8;
    const char *error = "normal()", *utility = "normal()", *grid = NULL, *grid_flag = NULL;
    int samples_given = 0, trials_given = 0, ca_given = 0, q_given = 0, estimator_given = 0, proposal_given = 0;
    for (; i < argc; ++i) {
        const char *opt = argv[i];
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            cli->command = CMD_HELP;
            cli->help_topic = tt_method_name(job->method);
            return TT_OK;
        }
        if (strcmp(opt, "--quiet") == 0) { cli->quiet = 1; continue; }
        if (strcmp(opt, "--no-diagnostics") == 0) { job->no_diagnostics = 1; continue; }
        if (strcmp(opt, "--estimator") == 0 && i + 1 < argc) {
            const char *e = argv[++i];
            if (!strcmp(e, "weighted")) job->weighted = 1;
            else if (strcmp(e, "tournament"))
                return bad(msg, "invalid --estimator '%s': expected tournament or weighted%s", e, "");
            estimator_given = 1;
            continue;
        }
        if (i + 1 >= argc)
            return bad(msg, "option '%s' needs a value%s", opt, "");
        const char *val = argv[++i];
        if (strcmp(opt, "--error") == 0) error = val;
        else if (strcmp(opt, "--utility") == 0) utility = val;
        else if (strcmp(opt, "--beta") == 0 || strcmp(opt, "--t") == 0 || strcmp(opt, "--n") == 0) {
            if (grid)
                return bad(msg, "give one grid only (%s and %s)", grid_flag, opt);
            grid = val;
            grid_flag = opt;
        } else if (strcmp(opt, "--samples") == 0) {
            if (tt_count_parse(val, &job->samples, msg)) return TT_EINVAL;
            samples_given = 1;
        } else if (strcmp(opt, "--trials") == 0) {
            if (tt_count_parse(val, &job->trials, msg)) return TT_EINVAL;
            trials_given = 1;
        } else if (strcmp(opt, "--seed") == 0) {
            char *end;
            errno = 0;
            unsigned long long s = strtoull(val, &end, 10);
            if (!*val || *end || errno || val[0] == '-' || val[0] == '+' || val[0] == ' ')
                return bad(msg, "invalid seed '%s': expected a whole number from 0 to 2^64-1%s", val, "");
            job->seed = (uint64_t)s;
        } else if (strcmp(opt, "--threads") == 0) {
            double t;
            if (tt_parse_double(val, &t) || t < 1 || t > 4096 || t != floor(t))
                return bad(msg, "invalid --threads '%s': expected a whole number from 1 to 4096%s", val, "");
            job->threads = (int)t;
        } else if (strcmp(opt, "--c") == 0 || strcmp(opt, "--a") == 0) {
            double x;
            if (tt_parse_double(val, &x) || !(x > 0) || !isfinite(x))
                return bad(msg, "invalid %s '%s': expected a finite number > 0", opt, val);
            if (opt[2] == 'c') job->c = x; else job->a = x;
            ca_given = 1;
        } else if (strcmp(opt, "--backend") == 0) {
            if (!strcmp(val, "cpu")) job->backend = TT_BACKEND_CPU;
            else if (!strcmp(val, "cuda")) job->backend = TT_BACKEND_CUDA;
            else if (!strcmp(val, "auto")) job->backend = TT_BACKEND_AUTO;
            else return bad(msg, "invalid --backend '%s': expected cpu, cuda or auto%s", val, "");
        } else if (strcmp(opt, "--proposal") == 0) {
            job->proposal = tt_proposal_parse(val);
            if (job->proposal < TT_PROPOSAL_AUTO)
                return bad(msg, "invalid --proposal '%s': expected none, auto, tilt or tail%s", val, "");
            proposal_given = 1;
        } else if (strcmp(opt, "--q") == 0) {
            if (strcmp(val, "error") == 0) job->q_is_sum = 0;
            else if (strcmp(val, "sum") == 0) job->q_is_sum = 1;
            else return bad(msg, "invalid --q '%s': expected error or sum%s", val, "");
            q_given = 1;
        } else if (strcmp(opt, "--out") == 0) {
            if (!*val) return bad(msg, "empty --out path%s%s", "", "");
            cli->out = val;
        } else if (strcmp(opt, "--format") == 0) {
            if (strcmp(val, "jsonl") == 0) cli->format = TT_FORMAT_JSONL;
            else if (strcmp(val, "csv") == 0) cli->format = TT_FORMAT_CSV;
            else if (strcmp(val, "table") == 0) cli->format = TT_FORMAT_TABLE;
            else return bad(msg, "invalid --format '%s': expected jsonl, csv or table%s", val, "");
        } else
            return bad(msg, "unknown option '%s' (see tailtilt %s --help)", opt, tt_method_name(job->method));
    }
    const char *want = method == TT_TILT ? "--beta" : method == TT_BON ? "--n" : "--t";
    if (!grid)
        return bad(msg, "%s needs a grid: %s GRID (e.g. 1,2,5 or geom:0.1:10:9)", tt_method_name(job->method), want);
    if (strcmp(grid_flag, want) != 0)
        return bad(msg, "%s takes its grid as %s", tt_method_name(job->method), want);
    if (method == TT_BON && samples_given && !job->weighted)
        return bad(msg, "bon takes --trials K (samples are K*N per point), not --samples (unless --estimator weighted)%s%s", "", "");
    if (method == TT_BON && trials_given && job->weighted)
        return bad(msg, "bon --estimator weighted takes --samples S (one sample set for every N), not --trials%s%s", "", "");
    if (proposal_given && method != TT_THRESHOLD && method != TT_CONSTRUCT && !(method == TT_BON && job->weighted))
        return bad(msg, "--proposal applies to threshold, construct and bon --estimator weighted%s%s", "", "");
    if (method == TT_BON && job->weighted && job->samples > 100000000ull)
        return bad(msg, "bon --estimator weighted keeps every sample in memory: at most 1e8 samples%s%s", "", "");
    if (method != TT_BON && estimator_given)
        return bad(msg, "--estimator applies to bon only%s%s", "", "");
    if (method != TT_BON && trials_given)
        return bad(msg, "--trials applies to bon only; %s takes --samples%s", tt_method_name(job->method), "");
    if (method != TT_CONSTRUCT && (ca_given || q_given))
        return bad(msg, "--c, --a and --q apply to construct only%s%s", "", "");
    if (tt_dist_parse(error, &job->model.error, msg) || tt_dist_parse(utility, &job->model.utility, msg))
        return TT_EINVAL;
    tt_dist_format(&job->model.error, job->error_spec, sizeof job->error_spec);
    tt_dist_format(&job->model.utility, job->utility_spec, sizeof job->utility_spec);
    if (tt_grid_parse(grid, method == TT_BON, &job->grid, &job->ngrid, msg))
        return TT_EINVAL;
    /* the command's definition (not its threads, backend or output), hashed */
    char def[3 * TT_SPEC_LEN];
    int dl = snprintf(def, sizeof def, "%s|%s|%s|%s|%llu|%llu|%llu|%.17g|%.17g|%d|%d|%d", tt_method_name(job->method),
                      job->error_spec, job->utility_spec, grid, (unsigned long long)job->samples,
                      (unsigned long long)job->trials, (unsigned long long)job->seed, job->c, job->a, job->q_is_sum,
                      job->proposal, job->weighted);
    snprintf(job->config_hash, sizeof job->config_hash, "%016llx",
             (unsigned long long)tt_fnv1a64(def, (size_t)dl, TT_FNV_OFFSET));
    if (tt_grid_check(job, msg) != TT_OK ||
        tt_proposal_check(job, msg) != TT_OK) {
        tt_cli_free(cli);
        return TT_EINVAL;
    }
    return TT_OK;
}

void tt_cli_free(tt_cli *cli)
{
    free(cli->job.grid);
    cli->job.grid = NULL;
}
