/* sink.c: a finished record to the results file (flushed) and a point to the
 * progress line; the run stops at a failed write or at --stop-after. */
#include <stdio.h>
#include <string.h>
#include "cli/sink.h"

void tt_sink_init(tt_sink *k, tt_writer *w, tt_progress *pg)
{
    memset(k, 0, sizeof *k);
    k->writer = w;
    k->progress = pg;
    k->rank = -1;
}

int tt_sink_record(void *sink, int index, const tt_record *r)
{
    (void)index;
    tt_sink *k = sink;
    tt_record copy = *r;
    if (k->rank >= 0)
        copy.rank = k->rank;
    if (tt_writer_write(k->writer, &copy, k->msg) != TT_OK)
        return 1;
    tt_progress_point_done(k->progress);
    ++k->written;
    return k->stop_after && k->written >= k->stop_after;
}

static void on_progress(void *sink, uint64_t done, uint64_t total)
{
    tt_progress_update(((tt_sink *)sink)->progress, done, total);
}

static void on_note(void *sink, const char *text)
{
    if (!((tt_sink *)sink)->quiet)
        fprintf(stderr, "tailtilt: note: %s\n", text);
}

tt_run_hooks tt_sink_hooks(tt_sink *k)
{
    tt_run_hooks h = {on_progress, tt_sink_record, k, NULL, on_note};
    return h;
}
