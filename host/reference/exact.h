/* exact.h: reference values for independent X and V: closed forms when both
 * are normal, GSL quadrature otherwise (host/exact_*.c). */
#ifndef TAILTILT_EXACT_H
#define TAILTILT_EXACT_H

#include "tailtilt.h"

/* Each method's reference record fields at grid value x (the method table
 * names them): tilt at beta, threshold at t, best-of-N at N, construct at t. */
int tt_exact_tilt(const tt_job *job, double beta, tt_record *r, char *msg);
int tt_exact_threshold(const tt_job *job, double t, tt_record *r, char *msg);
int tt_exact_bon(const tt_job *job, double n, tt_record *r, char *msg);
int tt_exact_construct(const tt_job *job, double t, tt_record *r, char *msg);

/* P(Y >= t) for Y = X (sum = 0) or Y = U = X + V (sum = 1). */
int tt_exact_upper_tail(const tt_model *m, int sum, double t, double *out, char *msg);

/* E[f 1{Y >= t}] for f = 1, U, V, X (out[0..3]). */
int tt_exact_partial(const tt_model *m, int sum, double t, double out[4], char *msg);

/* 1 when both laws are normal (closed forms apply). */
int tt_model_is_normal(const tt_model *m);

/* The law of U: density, P(U <= u), P(U > u), by convolution when needed. */
int tt_sum_pdf(const tt_model *m, double u, double *out);
int tt_sum_cdf(const tt_model *m, double u, int lower, double *out);

/* E[V; U in du] / du, the integral of v f_V(v) f_X(u - v) dv, or with
 * of_error E[X; U in du] / du, the integral of x f_X(x) f_V(u - x) dx. */
int tt_sum_moment(const tt_model *m, double u, int of_error, double *out);

/* u with P(U > u) = q, by bisection on the exact tail. */
double tt_sum_upper_quantile(const tt_model *m, double q);

/* E[g(Y)] of law d by quadrature (any law: its density, or resampled data's
 * atoms and fitted tail), split at its quantiles and at `breaks`. */
int tt_dist_expect(const tt_dist *d, double (*g)(double y, void *params), void *params, const double *breaks,
                   int nbreaks, double *out);

/* P(U >= t) in two parts: where X leads (X - median X >= V - median V) and
 * where V leads; p_x = P(X >= t), p_v = 0 when the level is on X alone. */
int tt_region_masses(const tt_model *m, double t, int y_is_error, double *p_x, double *p_v, char *msg);

/* Breakpoints that bracket where a law's mass is (median and quartiles). */
int tt_dist_breaks(const tt_dist *d, double *out);

#endif
