/* run.h: running a job on a given backend, with the chunks of its passes
 * computed here or through an executor (MPI). */
#ifndef TAILTILT_METHODS_RUN_H
#define TAILTILT_METHODS_RUN_H

#include "methods/method.h"

int tt_run_with(const tt_job *job, const tt_backend *be, const tt_run_hooks *hooks, const tt_executor *exec,
                tt_record *recs, char *msg);

#endif
