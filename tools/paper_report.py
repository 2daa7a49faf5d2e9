#!/usr/bin/python3
"""paper_report.py: the report of `make paper` (tools/paper.sh): one
self-contained HTML page (figures embedded, no network) reproducing the
experiments of "Catastrophic Goodhart" (Kwa, Thomas, Garriga-Alonso, NeurIPS
2024, arXiv 2407.14503) beside what the paper states, and numbers.csv with the
same rows as its summary table.

usage: paper_report.py OUT [--scale S]   (OUT holds the records of tools/paper.sh)

Each row: the paper's statement (its number, or its words), the exact
reference where one exists, tailtilt's estimate and standard error, the
z-score, and a verdict: `agrees` or `differs` with the paper, `not a number
in the paper` (a check of our own: Monte Carlo against quadrature), or `not
checked` (no estimate, or a claim the grid does not reach). Every Monte Carlo
point with an exact reference is gated: the exit status is 1 if one lies 5
standard errors or more from it.
"""
import argparse
import base64
import re
import csv
import datetime
import html
import io
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot  # noqa: E402  (tools/plot.py: readers and figure helpers)

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

num = plot.num
ERRORS = ["normal", "lognormal", "student_t(df=3", "student_t(df=5", "levy"]


def load(out, name):
    path = os.path.join(out, name + ".jsonl")
    return plot.read_records(path) if os.path.exists(path) else []


def png(fig):
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=90)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def fmt(x, digits=4):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if isinstance(x, str):
        return x
    return f"{x:.{digits}g}"


class Rows:
    """The summary table: one row per statement checked. Every Monte Carlo
    number with an exact reference is also a gate (self.checks, fed by each
    section once per point): `make paper` fails where one lies 5 standard
    errors or more from it."""

    def __init__(self):
        self.rows = []
        self.checks = []  # (id, z): every Monte Carlo point against its exact reference

    @staticmethod
    def zscore(estimate, se, exact):
        """z of a Monte Carlo number against its exact reference; a zero-variance
        estimator (se 0) must equal it to rounding (z 0, or inf)."""
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (estimate, se, exact)):
            return None
        if se > 0:
            return (estimate - exact) / se
        return 0.0 if abs(estimate - exact) <= 1e-9 * max(1.0, abs(exact)) else math.inf

    def check(self, rid, estimate, se, exact):
        """Gate one Monte Carlo point (each section checks every point once; a
        row only shows the z of one of them)."""
        z = self.zscore(estimate, se, exact)
        if z is not None:
            self.checks.append((rid, z))
        return z

    def add(self, rid, section, claim, paper="", exact=None, estimate=None, se=None, verdict=None, note="",
            tol=None):
        """tol: the paper's number was computed from the same data by the same
        estimator, so only its rounding separates it from ours (no z)."""
        if isinstance(exact, float) and math.isnan(exact):
            exact = None
        z = self.zscore(estimate, se, exact) if exact is not None and estimate is not None else None
        missing = estimate is None or not math.isfinite(estimate)
        if verdict is None:
            if tol is not None:
                verdict = "not checked" if missing else ("agrees" if abs(estimate - paper) <= tol else "differs")
            elif exact is not None and (missing or z is None):
                verdict, note = "not checked", (note + "; " if note else "") + "no finite estimate to compare"
            else:
                verdict = "not a number in the paper"
        self.rows.append(dict(id=rid, section=section, claim=claim, paper=paper, exact=exact, estimate=estimate,
                              se=se, z=z, verdict=verdict, note=note))

    def of(self, section):
        return [r for r in self.rows if r["section"] == section]


def pair_label(r):
    return f"X ~ {plot.short(r['error'])}, V ~ {plot.short(r['utility'])}"


def slug(*parts):
    """A row id from laws and parameters: student_t(df=3) -> student-t-df-3."""
    return re.sub(r"[^a-z0-9.]+", "-", "-".join(plot.short(p) if "(" in p else p for p in parts).lower()).strip("-")


def dedup(records, key):
    """One record per value of key (grids that overlap give two)."""
    seen, out = set(), []
    for r in sorted(records, key=lambda r: num(r, key)):
        if num(r, key) not in seen:
            seen.add(num(r, key))
            out.append(r)
    return out


def find(records, **kw):
    out = []
    for r in records:
        if all((abs(num(r, k) - v) <= 1e-9 * max(1.0, abs(v)) if isinstance(v, float) else r.get(k) == v)
               for k, v in kw.items()):
            out.append(r)
    return out


# ---------------------------------------------------------------- Fig. 1
def section_fig1(recs, rows):
    if not recs:
        return None, "no records (tailtilt tail did not run)"
    summ = [r for r in recs if r.get("kind") == "tail_summary"]
    if not summ:
        return None, "no tail summary in the records (tailtilt tail did not finish)"
    summ = summ[-1]
    # The paper's 0.20 is the same estimator on the same data: only its rounding separates them.
    rows.add("fig1-hill", "fig1", "Hill estimate of the Starling reward model's upper tail index (demeaned, "
             "k = 2..172): the paper says it 'appears to be 0.20'", paper=0.20, estimate=num(summ, "hill"),
             se=num(summ, "hill_se"), tol=0.005,
             note=f"at k = {summ.get('k_hi')} of {summ.get('n')} values; the same estimator on the same data, "
                  "so it must match to the paper's rounding (0.005), not within its standard error")
    rows.add("fig1-khat", "fig1", "GPD shape (k-hat) of the largest values, and the verdict on the tail",
             estimate=num(summ, "khat"), se=num(summ, "khat_se"),
             note=f"verdict {summ.get('verdict')}: {summ.get('reasons', '')}")
    return png(plot.fig_tail(recs)), None


# ---------------------------------------------------------------- Fig. A.1
def section_figA1(recs, rows):
    mc, ex = plot.split(find(recs, a=0.8))
    if not ex:
        return None, "no records"
    ex = dedup(ex, "t")
    # Without bound: far out E_P[X] ~ t^-0.8 E[X | X >= t] ~ (3/2) t^0.2, a log-log slope of 0.2 (a bounded
    # curve flattens to slope 0); the KL falls.
    far = [r for r in ex if num(r, "t") >= 1e3 and num(r, "E_X") > 0]
    slope = ((math.log(num(far[-1], "E_X")) - math.log(num(far[0], "E_X")))
             / (math.log(num(far[-1], "t")) - math.log(num(far[0], "t")))) if len(far) >= 2 else math.nan
    kl_falls = num(ex[-1], "KL") < num(ex[0], "KL")
    rows.add("figA1-unbounded", "figA1", "Theorem 1 (t(3) error, mass t^-0.8 above t): E_P[X] grows without bound "
             "while KL(P||Q) goes to 0", paper="E_P[X] -> infinity, KL -> 0",
             verdict="agrees" if abs(slope - 0.2) < 0.02 and kl_falls else "differs",
             note=f"exact E_P[X] from {num(ex[0], 'E_X'):.3g} (t = {num(ex[0], 't'):.3g}) to "
                  f"{num(ex[-1], 'E_X'):.4g} (t = {num(ex[-1], 't'):.3g}), as t^{slope:.3f} beyond t = 1000 "
                  f"(t^0.2 expected); KL from {num(ex[0], 'KL'):.3g} to {num(ex[-1], 'KL'):.3g}")
    for m in mc:  # every point is gated; three are rows
        e = [r for r in ex if abs(num(r, "t") / num(m, "t") - 1) < 1e-9]
        if e and m.get("reliable"):
            for key in ("E_X", "KL"):
                rows.check(f"figA1-{key}-t{num(m, 't'):.4g}", num(m, key), num(m, f"{key}_se"), num(e[0], key))
    for t in (10.0, 100.0, 1e5):
        m = [r for r in mc if abs(num(r, "t") / t - 1) < 0.02 and r.get("reliable")]
        e = [r for r in ex if abs(num(r, "t") / t - 1) < 0.02]
        if m and e:
            rows.add(f"figA1-EX-t{t:g}", "figA1", f"E_P[X] at t = {num(m[0], 't'):.4g}, Monte Carlo against "
                     "quadrature", exact=num(e[0], "E_X"), estimate=num(m[0], "E_X"), se=num(m[0], "E_X_se"),
                     note=f"proposal {m[0].get('proposal') or 'none'}")
            rows.add(f"figA1-KL-t{t:g}", "figA1", f"KL(P||Q) at t = {num(m[0], 't'):.4g}, Monte Carlo against "
                     "quadrature", exact=num(e[0], "KL"), estimate=num(m[0], "KL"), se=num(m[0], "KL_se"))
    one = sorted((r for r in find(recs, a=1.0) if r.get("backend") == "exact" and r.get("E_X") is not None),
                 key=lambda r: num(r, "t"))
    if one:
        # The caption: "upweighting them to 1/t would cause E[X] to converge to 1". For a t(3) tail,
        # E[X | X >= t] ~ t alpha / (alpha - 1) = 3t/2 (tail index 3), so (1/t) E[X | X >= t] -> 3/2,
        # and the part below t tends to E[X] = 0: the limit is 3/2, whatever the scale.
        lim = num(one[-1], "E_X")
        rows.add("figA1-mass-1-over-t", "figA1", "With mass 1/t above t instead (a = 1), E_P[X] converges "
                 "(the caption of Fig. A.1 says: to 1)", paper=1.0, exact=lim,
                 verdict="agrees" if abs(lim - 1) < 0.01 else "differs",
                 note=f"exact E_P[X] {num(one[0], 'E_X'):.4g} at t = {num(one[0], 't'):.3g}, "
                      f"{lim:.6g} at t = {num(one[-1], 't'):.3g}: the limit is 3/2, not 1 (a t(3) tail has "
                      "E[X | X >= t] ~ 3t/2, and mass 1/t above t carries 3/2 of it); KL "
                      f"{num(one[-1], 'KL'):.2g}")
        pairs = [(a, b) for a in ex for b in one if abs(num(a, "t") / num(b, "t") - 1) < 1e-9 and num(a, "t") > 2]
        faster = bool(pairs) and all(num(b, "KL") < num(a, "KL") for a, b in pairs)
        rows.add("figA1-mass-1-over-t-kl", "figA1", "With mass 1/t, the KL goes to zero faster than with "
                 "mass t^-0.8 (the caption of Fig. A.1)", paper="KL goes to zero faster",
                 verdict="agrees" if faster else "differs",
                 note=f"exact KL at t = {num(pairs[-1][0], 't'):.3g}: {num(pairs[-1][1], 'KL'):.3g} (mass 1/t) "
                      f"against {num(pairs[-1][0], 'KL'):.3g} (mass t^-0.8), smaller at each of {len(pairs)} "
                      "common t > 2" if pairs else "no common t")
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    for ax, key, label in ((axes[0], "E_X", "E_P[X]"), (axes[1], "KL", "KL(P||Q)")):
        if mc:
            plot.band(ax, "t", mc, key, "Monte Carlo (95%)", "tab:blue")
        ax.plot([num(r, "t") for r in ex], [num(r, key) for r in ex], "k--", label="exact (quadrature)")
        ax.set_xscale("log")
        ax.set_xlabel("t")
        ax.set_ylabel(label)
        ax.legend(fontsize=8)
    axes[1].set_yscale("log")
    axes[0].set_title("mass t^-0.8 above t, Q = t(3)", fontsize=9)
    if one:
        axes[2].plot([num(r, "t") for r in ex], [num(r, "E_X") for r in ex], "k-", label="mass t^-0.8")
        axes[2].plot([num(r, "t") for r in one], [num(r, "E_X") for r in one], "-", color="tab:orange",
                     label="mass 1/t")
        axes[2].set_xscale("log")
        axes[2].set_yscale("log")
        axes[2].set_xlabel("t")
        axes[2].set_ylabel("E_P[X] (exact)")
        axes[2].legend(fontsize=8)
        axes[2].set_title("t^-0.8 grows without bound; 1/t tends to 3/2", fontsize=9)
    fig.suptitle("Fig. A.1: the Theorem-1 construction")
    return png(fig), None


# ---------------------------------------------------------------- Fig. B.3
B3_CLAIMS = {
    "normal": ("rises monotonically with N", "monotone"),
    "lognormal": ("rises, then declines from around N = 10^2 to 10^3", "peak"),
    "student_t(df=3": ("rises, then declines from around N = 10^2 to 10^3", "peak"),
    "student_t(df=5": ("rises, then declines from around N = 10^2 to 10^3", "peak"),
    "levy": ("does not rise", "flat"),
}


def b3_kind(err):
    for k in ERRORS:
        if err.startswith(k):
            return k
    return err


def section_figB3(recs, rows):
    groups = plot.groups([r for r in recs if r.get("method") == "bon"])
    if not groups:
        return None, "no records"
    fig, axes = plot.panels(len(groups))
    for ax, ((err, util), rs) in zip(axes, groups.items()):
        mc, ex = plot.split(rs)
        levy = err.startswith("levy")
        for key, label, color in (("E_V", "E[V]", "tab:green"), ("E_X", "E[X]", "tab:red"), ("E_U", "E[U]", "tab:blue")):
            if mc and levy and key != "E_V":  # an infinite mean: the sample means, without bands
                pts = sorted((num(r, "n"), num(r, key)) for r in mc)
                ax.plot([p[0] for p in pts], [p[1] for p in pts], ".-", color=color, label=f"{label} (no finite mean)")
            elif mc:
                plot.band(ax, "n", mc, key, label, color)
            plot.exact_line(ax, "n", ex, key, color)
        ax.set_xscale("log", base=2)
        if levy:
            ax.set_yscale("symlog", linthresh=1)
        ax.set_xlabel("N")
        ax.set_title(f"X ~ {plot.short(err)}\nV ~ {plot.short(util)}", fontsize=9)
        ax.legend(fontsize=7)
        kind = b3_kind(err)
        heavy_utility = "df=10" in util
        claim, shape = B3_CLAIMS.get(kind, ("", ""))
        if kind == "student_t(df=5" and heavy_utility:
            claim, shape = "rises to a peak near N = 10^5, then declines (N up to 4^10)", "late-peak"
        exv = [r for r in ex if r.get("E_V") is not None]
        # The shape is read off the exact curve; Monte Carlo only where there is none (Levy: an infinite
        # mean of X, so no reference; its records' flag is for E[X] and E[U], E[V] is finite).
        curve = sorted(exv if exv else [r for r in mc if r.get("E_V") is not None], key=lambda r: num(r, "n"))
        ev = [num(r, "E_V") for r in curve]
        ns = [num(r, "n") for r in curve]
        se = [num(r, "E_V_se") for r in curve]
        if not ev:
            continue
        i = max(range(len(ev)), key=lambda k: ev[k])
        extra, verdict = "", None
        if not exv and shape != "flat":
            verdict, extra = "not checked", "; no exact reference, and the shape is not read off noisy points"
        elif shape == "monotone":
            ok = all(b >= a - 1e-9 for a, b in zip(ev, ev[1:]))
        elif shape == "peak":
            ok = 64 <= ns[i] <= 4096 and ev[-1] < ev[i]
        elif shape == "late-peak":
            ok = 3e4 <= ns[i] <= 3e5 and ev[-1] < ev[i]  # near 10^5
        else:  # no rise: no E[V] above E[V] at N = 1 by 3 standard errors of the difference (3, not 2: the
            # largest of several z, each one-sided)
            dz = [(e - ev[0]) / math.hypot(s, se[0]) if math.hypot(s, se[0]) > 0 else 0.0 for e, s in zip(ev, se)]
            j = max(range(len(dz)), key=lambda k: dz[k])
            ok = dz[j] < 3
            if not ok:
                at100 = dz[j] / math.sqrt(num(curve[j], "trials") / 100)
                extra = (f"; the rise over N = 1 is {dz[j]:.1f} standard errors (N = {ns[j]:.0f}). It happens at "
                         "small N, in the body of the Levy law (its density climbs from 0 to its mode at 1/3, on "
                         "the scale of V), and E[V] falls back to 0 as N grows: the paper's no-rise holds "
                         f"asymptotically; with its 100 trials per N the rise would be {at100:.1f} standard errors")
        if verdict is None:
            verdict = "agrees" if ok else "differs"
        mcs = sorted(mc, key=lambda r: num(r, "n"))
        zs = [rows.check(f"figB3-{slug(err, util)}-N{num(m, 'n'):.0f}-all", num(m, "E_V"), num(m, "E_V_se"),
                         num(e, "E_V")) for m in mcs for e in exv if num(m, "n") == num(e, "n") and m.get("reliable")]
        zs = [abs(z) for z in zs if z is not None]
        peak_se = f" +- {se[i]:.2g}" if not exv else ""
        rows.add(f"figB3-{slug(err, util)}", "figB3",
                 f"E[V] of best-of-N, {pair_label(rs[0])}: the paper says it {claim}", paper=claim,
                 verdict=verdict,
                 note=f"{'exact' if exv else 'Monte Carlo'} E[V] peaks at N = {ns[i]:.0f} ({ev[i]:.4g}{peak_se}); "
                      f"at N = {ns[-1]:.0f}: {ev[-1]:.4g}"
                      + (f"; Monte Carlo against exact at {len(zs)} N, largest |z| {max(zs):.2f}" if zs else
                         "; no reliable Monte Carlo point against the exact curve" if exv else
                         "; no exact reference" + (" (the error's mean is infinite)" if levy else ""))
                      + extra)
        for m in mcs:
            e = [r for r in exv if num(r, "n") == num(m, "n")]
            if e and num(m, "n") in (16.0, 1024.0, 65536.0) and m.get("reliable"):
                rows.add(f"figB3-{slug(err, util)}-N{num(m, 'n'):.0f}", "figB3",
                         f"E[V] at N = {num(m, 'n'):.0f}, {pair_label(m)}: "
                         "tournaments against quadrature", exact=num(e[0], "E_V"), estimate=num(m, "E_V"),
                         se=num(m, "E_V_se"))
    fig.suptitle("Fig. B.3: best-of-N, E[V], E[X], E[U] against N (95% bands; dashed: exact)")
    return png(fig), None


# ---------------------------------------------------------------- Theorems 5 and 6
def section_thm56(recs, rows):
    recs = [r for r in recs if r.get("method") == "threshold"]
    if not recs:
        return None, "no records"
    for (err, util), rs in plot.groups(recs).items():
        mc, ex = plot.split(rs)
        kind = b3_kind(err)
        light = kind == "normal"
        lighter_far_out = kind == "lognormal" and "df=10" in util  # lighter than any power law, in the end
        exv = dedup([r for r in ex if r.get("E_V") is not None], "t")
        good = exv if exv else dedup([r for r in mc if r.get("E_V") is not None and r.get("reliable")], "t")
        if not good:
            continue
        evs = [num(r, "E_V") for r in good]
        peak, last = max(evs), good[-1]
        rising_at_end = evs[-1] >= peak - 1e-9 * max(1.0, abs(peak)) and evs[-1] > evs[0]
        # returned: below half its peak at the grid's end, and still falling there (not a plateau)
        returned = evs[-1] < 0.5 * peak and (len(evs) < 2 or evs[-1] <= evs[-2])
        paper = claim = None
        if light:
            paper = claim = "grows with t (a light-tailed error: Theorem 6)"
            verdict, note = ("agrees" if rising_at_end else "differs"), ""
        elif lighter_far_out:
            claim = ("the lognormal error's tail is lighter than the t(10) utility's far out, so Theorem 5 "
                     "does not apply there (Theorem 6's growth is expected eventually)")
            paper = "(no statement for this pair beyond Theorem 5's condition)"
            verdict, note = "not a number in the paper", "pre-asymptotic on this grid: "
        else:
            paper = claim = "returns to E[V] = 0 as t grows (a heavier-tailed error: Theorem 5)"
            if returned:
                verdict, note = "agrees", ""
            elif rising_at_end:  # no turn at all on the grid: the data contradict it as far as they reach
                verdict, note = "differs", "no turn on this grid: "
            else:  # past its peak but not yet halved: the claim is asymptotic and the grid stops short
                verdict, note = "not checked", "pre-asymptotic on this grid (past its peak, not yet halved): "
        rows.add(f"thm56-{slug(err, util)}", "thm56", f"E[V | U >= t], {pair_label(rs[0])}: {claim}", paper=paper,
                 verdict=verdict,
                 note=note + f"{'exact' if exv else 'Monte Carlo'} E[V | U >= t] peaks at {peak:.4g}; at t = "
                      f"{num(last, 't'):.4g}: {num(last, 'E_V'):.4g}")
        for m in mc:
            e = [r for r in ex if abs(num(r, "t") - num(m, "t")) < 1e-9 * max(1, num(m, "t"))]
            if e and e[0].get("E_V") is not None and m.get("reliable"):  # every point gated
                rows.check(f"thm56-{slug(err, util)}-t{num(m, 't'):g}-all", num(m, "E_V"), num(m, "E_V_se"),
                           num(e[0], "E_V"))
            if e and e[0].get("E_V") is not None and m.get("reliable") and num(m, "t") in (2.0, 10.0, 1000.0):
                rows.add(f"thm56-{slug(err, util)}-t{num(m, 't'):g}-{m.get('proposal') or 'plain'}",
                         "thm56", f"E[V | U >= {num(m, 't'):g}], {pair_label(m)}: Monte Carlo "
                         f"({m.get('proposal') or 'plain sampling'}) against quadrature",
                         exact=num(e[0], "E_V"), estimate=num(m, "E_V"), se=num(m, "E_V_se"))
    return png(plot.curve_panels(recs, "t", (("E_V", "E[V | U >= t]", "tab:green"),
                                             ("E_X", "E[X | U >= t]", "tab:red")), "t",
                                 "Theorems 5 and 6: conditioning on U >= t (hollow: unreliable; dashed: exact)",
                                 lambda ax, xs: (ax.set_xscale("symlog", linthresh=1),
                                                 ax.set_yscale("symlog", linthresh=0.1)))), None


# ---------------------------------------------------------------- Theorem 4, Corollary 1
def section_thm4(recs, rows):
    recs = [r for r in recs if r.get("method") == "tilt"]
    if not recs:
        return None, "no records"
    mc, ex = plot.split(recs)
    for (err, util), rs in plot.groups(mc).items():
        heavy = all(r.get("regime") == "heavy" for r in rs)
        if heavy:
            flagged = all(not r.get("reliable") for r in rs)
            rows.add(f"thm4-{slug(err, util)}-heavy", "thm4",
                     f"KL-penalised optimum, {pair_label(rs[0])}: no optimum exists for a heavy-tailed error "
                     "(Corollary 1)", paper="no optimum", verdict="agrees" if flagged else "differs",
                     note=f"{len(rs)} betas, each record regime heavy and "
                          f"{'unreliable' if flagged else 'NOT all marked unreliable'}")
            continue
        for r in rs:
            e = [x for x in ex if x["error"] == err and x["utility"] == util and num(x, "beta") == num(r, "beta")]
            if e and r.get("reliable"):  # every point gated
                rows.check(f"thm4-{slug(err, util)}-beta{num(r, 'beta'):.3g}-all", num(r, "E_V"), num(r, "E_V_se"),
                           num(e[0], "E_V"))
            if e and r.get("reliable") and (num(r, "beta") in (0.25, 10.0) or abs(num(r, "beta") - 1) < 0.05):
                rows.add(f"thm4-{slug(err, util)}-beta{num(r, 'beta'):.3g}", "thm4",
                         f"E[V] of the KL-penalised optimum at beta = {num(r, 'beta'):.3g}, {pair_label(r)}",
                         exact=num(e[0], "E_V"), estimate=num(r, "E_V"), se=num(r, "E_V_se"),
                         note=f"KL {num(r, 'KL'):.4g} (exact {num(e[0], 'KL'):.4g})")
        if err.startswith("normal(") and util.startswith("normal("):
            e = sorted((x for x in ex if x["error"] == err and x["utility"] == util), key=lambda x: num(x, "beta"))
            ok = bool(e) and all(abs(num(x, "E_V") - 1.0 / num(x, "beta")) < 1e-6 * max(1, num(x, "E_V")) for x in e)
            rows.add("thm4-normal-closed-form", "thm4", "Independent normals: E[V] = Var(V)/beta, growing "
                     "without bound as beta -> 0 (Theorem 4, light tails)", paper="Var(V)/beta",
                     verdict=("agrees" if ok else "differs") if e else "not checked",
                     note=f"exact E[V] = 1/beta at every beta from {num(e[0], 'beta'):.3g} to {num(e[-1], 'beta'):.3g}"
                     if e else "")
    fig = plot.fig_tilt(recs)
    return png(fig), None


# ---------------------------------------------------------------- the ACG paragraph
def mix_kl(alpha, log_p):
    """KL((1 - alpha) pi0 + alpha delta_x || pi0) for a point of base
    probability p = exp(log_p) (log space: p may underflow)."""
    p = math.exp(log_p)
    q = (1 - alpha) * p + alpha
    return q * (math.log(q) - log_p) + (1 - alpha) * (1 - p) * math.log1p(-alpha)


def section_acg(rows):
    rows.add("acg", "acg", "Mixing an ACG-found sequence into the base policy at rate alpha: its KL and the "
             "reward gain alpha (r* - E r)", paper="the paper's numbers",
             verdict="not checked",
             note="the paper's values for this paragraph (the sequence's reward, its probability under the base "
                  "policy, alpha) are not in this repository; the formula below computes the KL for any of them")
    fig, ax = plt.subplots(figsize=(6.4, 4))
    alphas = [10 ** (-k / 4) for k in range(1, 25)]
    for lp in (-50, -200, -1000):
        ax.plot(alphas, [mix_kl(a, lp) for a in alphas], label=f"log pi0(x) = {lp}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("alpha")
    ax.set_ylabel("KL (nats)")
    ax.legend(fontsize=8)
    ax.set_title("KL of mixing a point into the base policy: about alpha log(alpha / pi0(x))", fontsize=9)
    return png(fig), None


# ---------------------------------------------------------------- page
SECTIONS = [
    ("fig1", "Fig. 1: the Starling reward model's tail",
     "The reward model's values on random token sequences look heavy-tailed: histogram, normal and exponential "
     "probability plots (values above the mean), and the Hill estimator against k (demeaned, k = 2..172) with its "
     "error bars."),
    ("figA1", "Fig. A.1: the Theorem-1 construction",
     "Q = Student-t with 3 degrees of freedom; P puts mass t^-0.8 above t. E_P[X] grows without bound while "
     "KL(P||Q) goes to 0: a heavy-tailed error lets a policy gain unbounded proxy reward at vanishing KL."),
    ("figB3", "Fig. B.3: best-of-N",
     "Best-of-N over 5 errors and 2 utilities, N = 1 to 65536 (to 4^10 for the t(10) utility with the t(5) "
     "error): E[V], E[X] and E[U] of the chosen outcome, with 95% bands and the exact curves (quadrature) dashed. "
     "Each panel's verdict reads the shape off the exact curve, which the Monte Carlo points must meet within 5 "
     "standard errors at every N; only the Levy panels, whose error has no mean and so no reference, are read "
     "off the Monte Carlo points."),
    ("thm56", "Theorems 5 and 6: conditioning",
     "E[V | U >= t] and E[X | U >= t] against t, out to t = 1000 by importance sampling where plain sampling "
     "has no exceedances, with quadrature references. The verdicts read the exact curves; a claim about large t "
     "that the grid does not reach is `not checked`, not `agrees`."),
    ("thm4", "Theorem 4 and Corollary 1: KL-penalised tilting",
     "The KL-utility frontier of pi ~ pi0 exp(U/beta) for light-tailed errors; for heavy-tailed errors "
     "E[exp(U/beta)] is infinite and no optimum exists: those records say so instead of giving a number."),
    ("acg", "The ACG paragraph",
     "The KL of mixing a single high-reward sequence into the base policy at rate alpha, against the reward gain."),
]

CSS = """body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:13px;margin:1em 0}th,td{border:1px solid #ccc;padding:3px 6px;
vertical-align:top}th{background:#f0f0f0}td.num{text-align:right;font-family:monospace}
.agrees{color:#060}.differs{color:#b00;font-weight:bold}img.figure{max-width:100%;border:1px solid #ddd}
.note{color:#555;font-size:12px}"""

CHECK = """<script>
window.addEventListener('load', function () {
  var imgs = document.querySelectorAll('img.figure'), ok = 0;
  imgs.forEach(function (im) {
    if (im.complete && im.naturalWidth > 0) ok++; else console.error('figure did not load: ' + im.alt);
  });
  document.body.setAttribute('data-figures', String(imgs.length));
  document.body.setAttribute('data-figures-ok', String(ok));
});
</script>"""

COLUMNS = ["id", "section", "claim", "paper", "exact", "estimate", "se", "z", "verdict", "note"]


def table(rows):
    out = ["<table><tr>" + "".join(f"<th>{c}</th>" for c in COLUMNS[1:]) + "</tr>"]
    for r in rows:
        cells = []
        for c in COLUMNS[1:]:
            v = r[c]
            cls = ' class="num"' if c in ("exact", "estimate", "se", "z") else ""
            if c == "verdict":
                cls = f' class="{v}"' if v in ("agrees", "differs") else ""
            cells.append(f"<td{cls}>{html.escape(fmt(v))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def provenance(out, scale):
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    except OSError:
        commit = ""
    return (f"tailtilt report, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, scale {scale:g}"
            + (f", commit {commit}" if commit else "") + f"; records in {html.escape(out)}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--scale", type=float, default=None, help="the scale of the records (default: OUT/scale, or 1)")
    a = ap.parse_args(argv)
    if a.scale is None:
        try:
            a.scale = float(open(os.path.join(a.out, "scale")).read())
        except (OSError, ValueError):
            a.scale = 1.0
    rows = Rows()
    figs = {}
    figs["fig1"] = section_fig1(load(a.out, "starling"), rows)
    figs["figA1"] = section_figA1(load(a.out, "construction_t3"), rows)
    figs["figB3"] = section_figB3(load(a.out, "bon_synthetic"), rows)
    figs["thm56"] = section_thm56(load(a.out, "conditioning") + load(a.out, "conditioning_far"), rows)
    figs["thm4"] = section_thm4(load(a.out, "tilt"), rows)
    figs["acg"] = section_acg(rows)
    with open(os.path.join(a.out, "numbers.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for r in rows.rows:
            w.writerow([fmt(r[c], 8) if c in ("exact", "estimate", "se", "z") else fmt(r[c]) for c in COLUMNS])
    counts = {v: sum(r["verdict"] == v for r in rows.rows) for v in ("agrees", "differs", "not a number in the paper",
                                                                      "not checked")}
    zs = [abs(z) for _, z in rows.checks]
    page = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Catastrophic Goodhart, reproduced by tailtilt"
            f"</title><style>{CSS}</style></head><body>",
            "<h1>Catastrophic Goodhart, reproduced</h1>",
            "<p>Kwa, Thomas and Garriga-Alonso, <i>Catastrophic Goodhart: regularizing RLHF with KL divergence does "
            "not mitigate heavy-tailed reward misspecification</i>, NeurIPS 2024 (arXiv 2407.14503): every figure "
            "recomputed by tailtilt, with exact references (closed forms or quadrature) beside the Monte Carlo "
            "numbers.</p>",
            f"<p class='note'>{provenance(a.out, a.scale)}. Verdicts: " + ", ".join(f"{v} {n}" for v, n in counts.items())
            + (f"; Monte Carlo against exact, largest |z| {max(zs):.2f} over {len(zs)} points" if zs else "")
            + ".</p>", "<h2 id='summary'>Summary</h2>", table(rows.rows)]
    for sid, title, text in SECTIONS:
        img, missing = figs[sid]
        page.append(f"<h2 id='{sid}'>{html.escape(title)}</h2><p>{html.escape(text)}</p>")
        if img:
            page.append(f"<img class='figure' alt='{html.escape(title)}' src='data:image/png;base64,{img}'>")
        else:
            page.append(f"<p class='differs'>{html.escape(missing or '')}</p>")
        if sid == "acg":
            page.append("<p>KL((1 - alpha) pi0 + alpha delta_x || pi0) = q log(q / pi0(x)) + (1 - alpha)(1 - pi0(x)) "
                        "log(1 - alpha), q = (1 - alpha) pi0(x) + alpha: about alpha log(alpha / pi0(x)) when pi0(x) "
                        "is tiny, while the expected reward rises by alpha (r(x) - E r).</p>")
        page.append(table(rows.of(sid)))
    page.append(CHECK + "</body></html>")
    with open(os.path.join(a.out, "index.html"), "w") as f:
        f.write("\n".join(page))
    print(f"wrote {os.path.join(a.out, 'index.html')} ({len(rows.rows)} rows: "
          + ", ".join(f"{v} {n}" for v, n in counts.items()) + ")")
    far = sorted({rid for rid, z in rows.checks if abs(z) >= 5})
    if far:  # a Monte Carlo number 5 standard errors from its exact reference is a defect, not a finding
        print(f"paper: Monte Carlo more than 5 standard errors from the exact reference: {', '.join(far)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
