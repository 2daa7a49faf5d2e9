/* record.h: building a result record: the fields every method shares, the
 * tail and reliability fields, and the point hash that seals it. */
#ifndef TAILTILT_CORE_RECORD_H
#define TAILTILT_CORE_RECORD_H

#include "tailtilt.h"

/* Every field of a record of `job` that does not depend on the method:
 * laws, samples, seed, provenance; every estimate absent (NAN, -1, NULL). */
void tt_record_start(tt_record *r, const tt_job *job, const char *method);
/* The point hash, once the method's fields are set. */
void tt_record_seal(tt_record *r);
/* Fill regime, tails and the moment-based reliability shared by methods. */
void tt_record_tails(tt_record *r, const tt_job *job);
/* Mark a record unreliable with a reason (keeps the first reason). */
void tt_record_unreliable(tt_record *r, const char *reason);
/* A record whose numbers are null or impossible (a nan, P = 0, a negative
 * KL) is unreliable with the reason: called on every record as it is final. */
void tt_record_check_numbers(tt_record *r, const tt_job *job);
/* Mean and standard error of a mean from sums over n items. */
void tt_mean_se(double s, double ss, double n, double *mean, double *se);

#endif
