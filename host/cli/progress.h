/* progress.h: terminal progress for long runs (points done, samples/s, ETA,
 * current point); silent when stderr is not a terminal. */
#ifndef TAILTILT_PROGRESS_H
#define TAILTILT_PROGRESS_H

#include <stdint.h>

typedef struct {
    int enabled, drawn;
    double start, last;
    uint64_t samples_base, samples_total; /* samples of finished jobs; of the run */
    uint64_t samples_done;
    int points_done, points_total;
    char label[160];                      /* the current point */
} tt_progress;

void tt_progress_init(tt_progress *p, int enabled, uint64_t samples_total, int points_total);
void tt_progress_label(tt_progress *p, const char *label);
/* A run hook: done samples of the current job (its total is unused). */
void tt_progress_update(void *p, uint64_t done, uint64_t total);
void tt_progress_job_done(tt_progress *p, uint64_t job_samples);
void tt_progress_point_done(tt_progress *p);
void tt_progress_finish(tt_progress *p);

#endif
