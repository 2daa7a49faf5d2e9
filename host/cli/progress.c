/* progress.c: one status line on stderr, redrawn at most five times a second,
 * only when stderr is a terminal, and wiped when the run ends. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli/progress.h"
#include "core/util.h"

void tt_progress_init(tt_progress *p, int enabled, uint64_t samples_total, int points_total)
{
    memset(p, 0, sizeof *p);
    p->enabled = enabled && isatty(2);
    p->start = tt_now();
    p->samples_total = samples_total;
    p->points_total = points_total;
}

void tt_progress_label(tt_progress *p, const char *label)
{
    snprintf(p->label, sizeof p->label, "%s", label);
}

static void draw(tt_progress *p, int force)
{
    if (!p->enabled)
        return;
    double now = tt_now();
    if (!force && now - p->last < 0.2)
        return;
    p->last = now;
    double el = now - p->start, rate = el > 0 ? (double)p->samples_done / el : 0;
    double left = p->samples_total > p->samples_done ? (double)(p->samples_total - p->samples_done) : 0;
    char eta[32];
    if (rate > 0) snprintf(eta, sizeof eta, "%.0fs", left / rate);
    else snprintf(eta, sizeof eta, "?");
    fprintf(stderr, "\r\033[K[%d/%d points] %.3g samples/s, ETA %s  %.70s", p->points_done, p->points_total, rate,
            eta, p->label);
    fflush(stderr);
    p->drawn = 1;
}

void tt_progress_update(void *user, uint64_t done, uint64_t total)
{
    (void)total;
    tt_progress *p = user;
    p->samples_done = p->samples_base + done;
    draw(p, 0);
}

void tt_progress_job_done(tt_progress *p, uint64_t job_samples)
{
    p->samples_base += job_samples;
    p->samples_done = p->samples_base;
}

void tt_progress_point_done(tt_progress *p)
{
    p->points_done++;
    draw(p, 1);
}

void tt_progress_finish(tt_progress *p)
{
    if (p->enabled && p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
}
