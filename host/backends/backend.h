/* backend.h: choosing and running a backend: cpu (OpenMP), cuda (when built
 * and a device is usable), auto (cuda when it can run the job, else cpu). */
#ifndef TAILTILT_BACKEND_H
#define TAILTILT_BACKEND_H

#include "tailtilt.h"

/* 1 when a CUDA device is usable (probed once); else 0 and the reason. */
int tt_cuda_usable(char *why);
const char *tt_cuda_device_name(void);
/* NULL when the CUDA backend runs this job, else why not. */
const char *tt_cuda_unsupported(const tt_job *job);
int tt_run_cuda(const tt_job *job, tt_record *records, const tt_run_hooks *hooks, char *msg);
/* Use device local_rank modulo the device count (one GPU per rank). */
void tt_cuda_bind(int local_rank);

/* Runs the job on its backend; for auto, says once on stderr (when it falls
 * back to the CPU) why. */
int tt_run(const tt_job *job, tt_record *records, const tt_run_hooks *hooks, char *msg);

#endif
