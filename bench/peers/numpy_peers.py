"""numpy_peers.py: the three benchmark workloads written in numpy as a
competent researcher would (batched, vectorised, bincount for thresholds).

usage: numpy_peers.py W1|W2|W3 SAMPLES  -> prints samples/s on one line
"""
import sys
import time

import numpy as np

BATCH = 1 << 20


def w1(samples, rng):
    """tilt, X, V ~ N(0,1), 1/beta = 0.1..1.6: log-sum-exp frame across batches."""
    inv_beta = 0.1 * np.arange(1, 17)[:, None]
    shift = np.full((16, 1), -np.inf)
    sums = np.zeros((16, 5))  # w, wU, wV, wX, w^2
    done = 0
    while done < samples:
        n = min(BATCH, samples - done)
        x = rng.standard_normal(n)
        v = rng.standard_normal(n)
        u = x + v
        a = inv_beta * u
        m = np.maximum(shift, a.max(axis=1, keepdims=True))
        sums *= np.exp(shift - m) ** np.array([1, 1, 1, 1, 2])
        shift = m
        w = np.exp(a - m)
        sums[:, 0] += w.sum(axis=1)
        sums[:, 1] += w @ u
        sums[:, 2] += w @ v
        sums[:, 3] += w @ x
        sums[:, 4] += np.einsum("ij,ij->i", w, w)
        done += n
    return sums[:, 1] / sums[:, 0]


def w2(samples, rng):
    """threshold, X ~ t(3), V ~ N(0,1), t = 0, 2, ..., 30: bins then suffix sums."""
    ts = np.arange(0, 31, 2.0)
    acc = np.zeros((3, len(ts) + 1))
    done = 0
    while done < samples:
        n = min(BATCH, samples - done)
        x = rng.standard_t(3, n)
        v = rng.standard_normal(n)
        u = x + v
        b = np.searchsorted(ts, u, side="right")
        acc[0] += np.bincount(b, minlength=len(ts) + 1)
        acc[1] += np.bincount(b, weights=v, minlength=len(ts) + 1)
        acc[2] += np.bincount(b, weights=x, minlength=len(ts) + 1)
        done += n
    tail = np.cumsum(acc[:, ::-1], axis=1)[:, ::-1][:, 1:]
    return tail[1] / np.maximum(tail[0], 1)


def w3(samples, rng):
    """best-of-1024, X ~ t(3), V ~ N(0,1): argmax of U per trial."""
    n_best = 1024
    trials = samples // n_best
    per = max(1, BATCH // n_best)
    sv = 0.0
    done = 0
    while done < trials:
        k = min(per, trials - done)
        x = rng.standard_t(3, (k, n_best))
        v = rng.standard_normal((k, n_best))
        i = np.argmax(x + v, axis=1)
        sv += v[np.arange(k), i].sum()
        done += k
    return sv / trials


def main():
    work = {"W1": w1, "W2": w2, "W3": w3}[sys.argv[1]]
    samples = int(float(sys.argv[2]))
    rng = np.random.default_rng(1)
    t0 = time.perf_counter()
    work(samples, rng)
    print(f"{samples / (time.perf_counter() - t0):.6g}")


if __name__ == "__main__":
    main()
