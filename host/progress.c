/* progress.c: a one-line progress report on stderr (fraction done, samples/s,
 * ETA), drawn only when stderr is a terminal and at most five times a second. */
#include <stdio.h>
#include <unistd.h>
#include "progress.h"
#include "util.h"

void tt_progress_init(tt_progress *p, int enabled, const char *label)
{
    p->enabled = enabled && isatty(2);
    p->start = tt_now();
    p->last = 0;
    p->label = label;
    p->drawn = 0;
}

void tt_progress_update(void *user, uint64_t done, uint64_t total)
{
    tt_progress *p = user;
    if (!p->enabled)
        return;
    double now = tt_now();
    if (now - p->last < 0.2 && done < total)
        return;
    p->last = now;
    double el = now - p->start, rate = el > 0 ? (double)done / el : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(stderr, "\r%s: %5.1f%% of %.3g samples, %.3g samples/s, ETA %.0fs   ", p->label,
            total ? 100.0 * (double)done / (double)total : 100.0, (double)total, rate, eta);
    fflush(stderr);
    p->drawn = 1;
}

void tt_progress_finish(tt_progress *p)
{
    if (p->enabled && p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
}
