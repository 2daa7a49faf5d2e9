#!/usr/bin/env python3
"""fit_normal_quantile.py: the float normal quantile's polynomials
(include/tailtilt/real/normal_quantile.h), fitted to AS 241 (PPND16).

Central, w = -log(4 t (1 - t)) <= 6 for the tail probability t = min(u,
1 - u) (|c| <= 0.4993, all but 0.12% of draws): z = c P(w / 6); tails, r =
sqrt(-log t): z = A((r - r0) k1) for r <= 3 and B((r - 3) k2) above, each
variable mapped to [0, 1] so that Horner's partial sums grow with it (which
keeps the float evaluation within about 3 ulp). Near-minimax relative fits by
Lawson's iteration on Chebyshev nodes; prints the coefficients, highest
first, and the fit and float-evaluation errors. Needs numpy only.
"""
import numpy as np

P = np.polynomial.polynomial.polyval
A = [3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3, 1.3731693765509461125e+4,
     4.5921953931549871457e+4, 6.7265770927008700853e+4, 3.3430575583588128105e+4, 2.5090809287301226727e+3]
B = [1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3, 2.1213794301586595867e+4,
     3.9307895800092710610e+4, 2.8729085735721942674e+4, 5.2264952788528545610e+3]
C = [1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
     1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4]
D = [1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1, 1.48103976427480074590e-1,
     1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9]
E = [6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
     2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7]
F = [1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2, 7.86869131145613259100e-4,
     1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15]


def central_ratio(s):
    """z / c as a function of s = c^2 (AS 241's central rational)."""
    r = 0.180625 - s
    return P(r, A) / P(r, B)


def central_w(w):
    """z / c as a function of w = -log(4 t (1 - t)) = -log(1 - 4 c^2)."""
    c = np.sqrt(-np.expm1(-w)) / 2
    t = 0.5 - c
    r = np.sqrt(-np.log(np.maximum(t, 1e-300)))
    return np.where(c <= 0.425, central_ratio(c * c), tail_z(r) / np.maximum(c, 1e-300))


def tail_z(r):
    """z > 0 as a function of r = sqrt(-log t) (AS 241's tail rationals)."""
    return np.where(r <= 5, P(r - 1.6, C) / P(r - 1.6, D), P(r - 5, E) / P(r - 5, F))


def lawson(fn, lo, hi, deg, nodes=3000, iters=300):
    t = np.cos(np.pi * (np.arange(nodes) + 0.5) / nodes)
    y = fn((lo + hi) / 2 + (hi - lo) / 2 * t)
    V = np.polynomial.chebyshev.chebvander(t, deg)
    w = np.ones(nodes) / nodes
    best = None
    for _ in range(iters):
        sw = np.sqrt(w) / np.abs(y)
        coef = np.linalg.lstsq(V * sw[:, None], y * sw, rcond=None)[0]
        err = np.abs((V @ coef - y) / y)
        if best is None or err.max() < best[1]:
            best = (coef, err.max())
        w = w * err
        w /= w.sum()
    # Chebyshev in t = 2u - 1 to monomials in u in [0, 1]
    mono = np.polynomial.Polynomial(np.polynomial.chebyshev.cheb2poly(best[0]))
    return mono(np.polynomial.Polynomial([-1, 2])).coef, best[1]


def float_error(m, lo, hi, fn):
    x = np.linspace(lo, hi, 400001)
    u = ((x.astype(np.float32) - np.float32(lo)) * np.float32(1 / (hi - lo))).astype(np.float32)
    acc = np.zeros_like(u)
    for c in m.astype(np.float32)[::-1]:
        acc = (acc * u + c).astype(np.float32)
    return np.abs(acc / fn(x.astype(np.float32).astype(float)) - 1).max()


def main():
    wmax, central, split = 6.0, 0.4993, 3.0
    assert -np.log1p(-4 * central ** 2) < wmax
    r0 = np.sqrt(-np.log(0.5 - 0.4))  # the tail's first piece starts where it did (t <= 0.1): any r0 below 2.69
    pieces = [("central, u = w / %g" % wmax, central_w, 0.0, wmax, 10),
              ("tail r <= 3, u = (r - %.17g) * %.17g" % (r0, 1 / (split - r0)), tail_z, r0, split, 8),
              ("tail r > 3, u = (r - 3) * %.17g" % (1 / (6.7 - split)), tail_z, split, 6.7, 8)]
    for name, fn, lo, hi, deg in pieces:
        m, fit = lawson(fn, lo, hi, deg)
        print("%s: degree %d, fit %.2e, float evaluation %.2e" % (name, deg, fit, float_error(m, lo, hi, fn)))
        print("    " + ", ".join("%.9ef" % c for c in m[::-1]))


if __name__ == "__main__":
    main()
