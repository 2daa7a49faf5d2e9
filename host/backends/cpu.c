/* run_cpu.c: the CPU backend's entry point: point streams, dispatch to the
 * method passes, and the provenance fields every record carries. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "methods/methods.h"
#include "core/util.h"

/* The Philox stream (counter word 3) of a point: a hash of the model, and of
 * N for best-of-N, so a record never depends on the rest of its grid. */
uint32_t tt_point_stream(const tt_job *job, int grid_index)
{
    char buf[3 * TT_SPEC_LEN];
    int len = snprintf(buf, sizeof buf, "%s|%s", job->error_spec, job->utility_spec);
    if (job->method == TT_BON)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "|n=%.0f", job->grid[grid_index]);
    uint64_t h = tt_fnv1a64(buf, (size_t)len, TT_FNV_OFFSET);
    return (uint32_t)(h ^ (h >> 32));
}

/* The CPU's model name, from /proc/cpuinfo where there is one. */
const char *tt_cpu_name(void)
{
    static char name[128];
    if (!name[0]) {
        snprintf(name, sizeof name, "cpu");
        FILE *fp = fopen("/proc/cpuinfo", "r");
        char line[256];
        while (fp && fgets(line, sizeof line, fp))
            if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
                char *v = strchr(line, ':') + 1;
                while (*v == ' ') ++v;
                v[strcspn(v, "\n")] = '\0';
                snprintf(name, sizeof name, "%s", v);
                break;
            }
        if (fp)
            fclose(fp);
    }
    return name;
}

int tt_run_cpu(const tt_job *job, tt_record *recs, const tt_run_hooks *hooks, char *msg)
{
    int threads = tt_resolve_threads(job->threads);
    tt_job j = *job;
    j.threads = threads;
    for (int g = 0; g < job->ngrid; ++g) {
        tt_record_init(&recs[g], &j, g);
        recs[g].backend = "cpu";
        recs[g].device = tt_cpu_name();
        recs[g].threads = threads;
    }
    int is = (job->method == TT_THRESHOLD || job->method == TT_CONSTRUCT) && job->proposal != TT_PROPOSAL_NONE;
    uint64_t total = job->method == TT_BON && !job->weighted ? 0 : job->samples * (is ? (uint64_t)job->ngrid : 1);
    if (job->method == TT_BON && !job->weighted)
        for (int g = 0; g < job->ngrid; ++g)
            total += job->trials * (uint64_t)job->grid[g];
    tt_run_hooks none = {NULL, NULL, NULL};
    if (!hooks)
        hooks = &none;
    tt_progress_ctx pg = {hooks->progress, hooks->record, hooks->user, 0, total, 1};
    double t0 = tt_now();
    int st;
    switch (job->method) {
    case TT_TILT: st = tt_tilt_run(&j, recs, &pg, msg); break;
    case TT_THRESHOLD: st = tt_threshold_run(&j, recs, &pg, msg); break;
    case TT_BON: st = tt_bon_run(&j, recs, &pg, msg); break;
    case TT_CONSTRUCT: st = tt_construct_run(&j, recs, &pg, msg); break;
    default:
        snprintf(msg, TT_MSG_LEN, "unknown method");
        return TT_EINVAL;
    }
    if (job->method != TT_BON && !is && st == TT_OK)
        st = tt_records_of_pass(job, recs, tt_now() - t0, hooks, msg);
    return st;
}

int tt_records_of_pass(const tt_job *job, tt_record *recs, double wall, const tt_run_hooks *hooks, char *msg)
{
    for (int g = 0; g < job->ngrid; ++g) {
        recs[g].wall_s = wall;
        recs[g].samples_per_s = (double)job->samples / wall;
        if (hooks->record && hooks->record(hooks->user, g, &recs[g]) != 0) {
            snprintf(msg, TT_MSG_LEN, "writing the record of point %d failed", g);
            return TT_EIO;
        }
    }
    return TT_OK;
}
