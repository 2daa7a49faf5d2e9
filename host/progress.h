/* progress.h: terminal progress for long runs; silent when stderr is not a
 * terminal, so logs and pipes stay clean. */
#ifndef TAILTILT_PROGRESS_H
#define TAILTILT_PROGRESS_H

#include <stdint.h>

typedef struct {
    int enabled, drawn;
    double start, last;
    const char *label;
} tt_progress;

void tt_progress_init(tt_progress *p, int enabled, const char *label);
void tt_progress_update(void *user, uint64_t done, uint64_t total);
void tt_progress_finish(tt_progress *p);

#endif
