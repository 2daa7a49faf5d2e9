/* quadrature.h: adaptive integration over the real line with breakpoints,
 * GSL's QAGS/QAGI underneath, errors returned as status codes. */
#ifndef TAILTILT_QUADRATURE_H
#define TAILTILT_QUADRATURE_H

typedef double (*tt_integrand)(double x, void *params);

/* Integral of f over [lo, hi] (either may be infinite), split at the given
 * finite breakpoints (any order; those outside (lo, hi) are ignored). */
int tt_integrate(tt_integrand f, void *params, double lo, double hi,
                 const double *breaks, int nbreaks, double *result);

#endif
