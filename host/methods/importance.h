/* importance.h: rare events by importance sampling, shared by threshold and
 * construct: the proposal of each point, one pass per t, and the checks every
 * importance-sampled record gets (exceedances, ESS, k-hat). */
#ifndef TAILTILT_IMPORTANCE_H
#define TAILTILT_IMPORTANCE_H

#include "methods/method.h"

/* The proposal for point t of the job (y = X when y_is_error, else U).
 * requested: a TT_PROPOSAL_* or TT_PROPOSAL_AUTO. TT_EINVAL when an explicit
 * proposal cannot apply to the laws. */
int tt_proposal_choose(const tt_job *job, double t, int y_is_error, int requested, tt_proposal *p, char *msg);

/* The method's estimates of point t from the two sides' weighted sums. */
typedef void (*tt_is_estimates)(const tt_job *job, double t, int y_is_error, const tt_is_pair *sums, tt_record *r);

/* Every point of the job, each from its own importance-sampled pass. */
int tt_importance_points(const tt_job *job, const tt_backend *be, tt_pass *base, int y_is_error,
                         tt_is_estimates estimates, tt_record *recs, char *msg);

#endif
