/* bon_weighted.h: best-of-N for every N of the grid from one sorted sample
 * set (bon --estimator weighted). */
#ifndef TAILTILT_BON_WEIGHTED_H
#define TAILTILT_BON_WEIGHTED_H

#include "methods/method.h"

/* Replicate sets behind the standard errors. */
#define TT_BON_REPLICATES 16
/* The largest sample set (every sample is kept in memory). */
#define TT_BON_WEIGHTED_MAX 100000000ull

/* The set's size within its bounds, and an explicit proposal that fits. */
int tt_bon_weighted_check(const tt_job *job, char *msg);
int tt_bon_weighted_run(const tt_job *job, const tt_backend *be, tt_pass *base, tt_record *recs, char *msg);

#endif
