/* run.c: the record epilogue every pass shares (time, rate, the check of
 * its numbers, record hook, progress), written once for every method and
 * backend. */
#include <stdio.h>
#include "core/record.h"
#include "core/run.h"

void tt_run_start(tt_run_state *run, const tt_job *job, const tt_run_hooks *hooks, uint64_t total,
                  const tt_executor *exec)
{
    run->job = job;
    tt_run_hooks none = {NULL, NULL, NULL, NULL, NULL};
    run->hooks = hooks ? *hooks : none;
    run->done = 0;
    run->total = total;
    run->exec = exec;
}

void tt_run_progress(tt_run_state *run, uint64_t done)
{
    if (run->hooks.progress)
        run->hooks.progress(run->hooks.user, run->done + done, run->total);
}

int tt_run_stopped(tt_run_state *run)
{
    return run && run->hooks.stop && run->hooks.stop(run->hooks.user);
}

int tt_run_emit(tt_run_state *run, tt_record *recs, int first, int count, double wall, uint64_t samples, char *msg)
{
    for (int g = first; g < first + count; ++g) {
        recs[g].wall_s = wall;
        recs[g].samples_per_s = (double)samples / wall;
        tt_record_check_numbers(&recs[g], run->job);
        if (run->hooks.record && run->hooks.record(run->hooks.user, g, &recs[g]) != 0) {
            snprintf(msg, TT_MSG_LEN, "writing the record of point %d failed", g + 1);
            return TT_EIO;
        }
    }
    run->done += samples;
    return TT_OK;
}
