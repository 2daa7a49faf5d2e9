/* sink.h: where a run's records go on the command line: the results file and
 * the progress line, one hook pair for single runs, sweeps and MPI's rank 0. */
#ifndef TAILTILT_SINK_H
#define TAILTILT_SINK_H

#include "cli/progress.h"
#include "tailtilt.h"

typedef struct {
    tt_writer *writer;
    tt_progress *progress;
    char msg[TT_MSG_LEN];   /* why a write failed */
    int written;
    int stop_after;         /* tests: stop the run after this many records (0: never) */
    int64_t rank;           /* >= 0: the MPI rank that computed the records */
    int quiet;              /* no notes on stderr */
} tt_sink;

void tt_sink_init(tt_sink *k, tt_writer *w, tt_progress *pg);
/* The run hooks that write each record as it is final and draw progress. */
tt_run_hooks tt_sink_hooks(tt_sink *k);
/* A record hook: writes r; nonzero when the write failed or the run should stop. */
int tt_sink_record(void *sink, int index, const tt_record *r);

#endif
