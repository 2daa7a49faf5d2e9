/* job_util.h: test helper: a job built from spec and grid strings, as the
 * command line would build it. */
#ifndef TT_TEST_JOB_UTIL_H
#define TT_TEST_JOB_UTIL_H

#include <criterion/criterion.h>
#include "tailtilt.h"

static inline tt_job tt_test_job(tt_method method, const char *error, const char *utility, const char *grid,
                                 uint64_t samples_or_trials, uint64_t seed)
{
    tt_job j = {0};
    char msg[TT_MSG_LEN];
    j.method = method;
    cr_assert_eq(tt_dist_parse(error, &j.model.error, msg), TT_OK, "%s", msg);
    cr_assert_eq(tt_dist_parse(utility, &j.model.utility, msg), TT_OK, "%s", msg);
    tt_dist_format(&j.model.error, j.error_spec, sizeof j.error_spec);
    tt_dist_format(&j.model.utility, j.utility_spec, sizeof j.utility_spec);
    cr_assert_eq(tt_grid_parse(grid, method == TT_BON, &j.grid, &j.ngrid, msg), TT_OK, "%s", msg);
    j.samples = samples_or_trials;
    j.trials = samples_or_trials;
    j.seed = seed;
    j.threads = 2;
    j.c = 1.0;
    j.a = 0.8;
    return j;
}

#endif
