/* normal_quantile.h: the standard normal quantile from a two-sided uniform,
 * Wichura's algorithm AS 241 (PPND16), relative error about 1e-16. */
#ifndef TAILTILT_NORMAL_QUANTILE_H
#define TAILTILT_NORMAL_QUANTILE_H

#include <math.h>
#include "fastmath.h"
#include "uniform.h"

/* Central region: |u - 1/2| <= 0.425, a rational function of c = u - 1/2. */
TT_FUNCTION double tt_normal_quantile_central(double c)
{
    double r = 0.180625 - c * c;
    double num = ((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r
        + 6.7265770927008700853e+4) * r + 4.5921953931549871457e+4) * r
        + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
        + 1.3314166789178437745e+2) * r + 3.3871328727963666080e+0;
    double den = ((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r
        + 3.9307895800092710610e+4) * r + 2.1213794301586595867e+4) * r
        + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
        + 4.2313330701600911252e+1) * r + 1.0;
    return c * num / den;
}

/* Tails: tail = min(u, 1-u), exact near 0; r = sqrt(-log tail) >= 1.6 there.
 * Returns a value > 0. Both of AS 241's tail polynomials are evaluated and
 * one is selected, so the function has no branch. */
TT_FUNCTION double tt_normal_quantile_tail(double tail)
{
    double r = sqrt(-tt_log(tail));
    double a = r - 1.6;
    double na = ((((((7.74545014278341407640e-4 * a + 2.27238449892691845833e-2) * a
        + 2.41780725177450611770e-1) * a + 1.27045825245236838258e+0) * a
        + 3.64784832476320460504e+0) * a + 5.76949722146069140550e+0) * a
        + 4.63033784615654529590e+0) * a + 1.42343711074968357734e+0;
    double da = ((((((1.05075007164441684324e-9 * a + 5.47593808499534494600e-4) * a
        + 1.51986665636164571966e-2) * a + 1.48103976427480074590e-1) * a
        + 6.89767334985100004550e-1) * a + 1.67638483018380384940e+0) * a
        + 2.05319162663775882187e+0) * a + 1.0;
    double b = r - 5.0;
    double nb = ((((((2.01033439929228813265e-7 * b + 2.71155556874348757815e-5) * b
        + 1.24266094738807843860e-3) * b + 2.65321895265761230930e-2) * b
        + 2.96560571828504891230e-1) * b + 1.78482653991729133580e+0) * b
        + 5.46378491116411436990e+0) * b + 6.65790464350110377720e+0;
    double db = ((((((2.04426310338993978564e-15 * b + 1.42151175831644588870e-7) * b
        + 1.84631831751005468180e-5) * b + 7.86869131145613259100e-4) * b
        + 1.48753612908506148525e-2) * b + 1.36929880922735805310e-1) * b
        + 5.99832206555887937690e-1) * b + 1.0;
    return r <= 5.0 ? na / da : nb / db;
}

TT_FUNCTION double tt_normal_quantile(tt_u01 u)
{
    double central = tt_normal_quantile_central(u.c);
    double t = u.c < 0 ? u.p : u.q;
    double tail = tt_normal_quantile_tail(t < 0.5 ? t : 0.5);
    tail = u.c < 0 ? -tail : tail;
    return fabs(u.c) <= 0.425 ? central : tail;
}

#endif
