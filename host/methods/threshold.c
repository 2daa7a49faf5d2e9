/* method_threshold.c: pi0 conditioned on U >= t for a grid of t, from the
 * suffix sums of one binned pass: P, E[f | U >= t], KL = -log P. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "methods/methods.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted copy of the grid (bins need ascending thresholds). */
double *tt_sorted_grid(const tt_job *job)
{
    double *s = malloc(sizeof(double) * (size_t)job->ngrid);
    if (s) {
        memcpy(s, job->grid, sizeof(double) * (size_t)job->ngrid);
        qsort(s, (size_t)job->ngrid, sizeof(double), cmp_double);
    }
    return s;
}

/* Exceedance sums of sorted threshold j: bins j+1..count. */
void tt_bins_suffix(const tt_sums3 *bins, int count, int j, tt_sums3 *out)
{
    tt_sums3_init(out);
    for (int b = count; b > j; --b)
        tt_sums3_merge(out, &bins[b]);
}

int tt_sorted_index(const double *sorted, int count, double value)
{
    for (int j = 0; j < count; ++j)
        if (sorted[j] == value)
            return j;
    return -1;
}

void tt_threshold_finalize(const tt_job *job, const tt_sums3 *all, const tt_sums3 *e, double t, tt_record *r)
{
    (void)all;
    (void)t; /* the record already holds its t */
    double n = (double)job->samples, k = (double)e->n;
    r->exceedances = (int64_t)e->n;
    r->P = k / n;
    r->P_se = sqrt(r->P * (1 - r->P) / n);
    r->KL = -log(r->P);
    r->KL_se = k > 0 ? r->P_se / r->P : NAN;
    tt_mean_se(e->su, e->suu, k, &r->E_U, &r->E_U_se);
    tt_mean_se(e->sv, e->svv, k, &r->E_V, &r->E_V_se);
    tt_mean_se(e->sx, e->sxx, k, &r->E_X, &r->E_X_se);
    tt_record_tails(r, job);
    if (e->n < 100)
        tt_record_unreliable(r, "fewer than 100 samples at or above t");
}

int tt_threshold_run(const tt_job *job, tt_record *recs, tt_progress_ctx *pg, char *msg)
{
    if (job->proposal != TT_PROPOSAL_NONE)
        return tt_is_run(job, recs, pg, msg);
    return tt_binned_points(job, 0, tt_threshold_finalize, recs, pg, msg);
}
