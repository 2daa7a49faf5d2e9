#!/usr/bin/python3
"""plot.py: figures from tailtilt results files (JSON Lines or CSV).

usage: plot.py RESULTS [RESULTS ...] [--out FILE.png|FILE.svg] [--table]

Also draws `tailtilt tail` output: histogram, normal and exponential
probability plots, and the Hill estimate against k (the paper's Fig. 1).

One figure per method found: best-of-N curves of E[V], E[X], E[U] against N
(one panel per error/utility pair, as in the paper's Fig. B.3), conditioning
curves against t, the construction's E_P[X] and KL against t (Monte Carlo
and exact), and the KL-utility frontier of tilting. Bands are 95% (1.96 se).
Points marked unreliable by the engine are drawn hollow. With several
methods, FILE gets a -METHOD suffix per figure. --table prints the numbers.
"""
import argparse
import csv
import json
import math
import os
import sys
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

NUMERIC = {"beta", "t", "n", "c", "a", "samples", "trials", "seed", "E_U", "E_U_se", "E_V", "E_V_se", "E_X",
           "E_X_se", "KL", "KL_se", "P", "P_se", "logZ", "logZ_se", "ess", "max_weight_share", "exceedances",
           "threads", "wall_s", "samples_per_s"}


def read_records(path):
    """Records of a results file; numbers as floats, null/empty as None."""
    with open(path, newline="") as f:
        first = f.readline()
        f.seek(0)
        if first.startswith("method,"):
            reader = csv.reader(f)
            header = next(reader)
            rows = []
            for cells in reader:
                if not cells:
                    continue
                if len(cells) != len(header):  # a row cut short by a killed run
                    print(f"plot.py: skipping a line of {path} that is not a whole record", file=sys.stderr)
                    continue
                rows.append(dict(zip(header, cells)))
            for r in rows:
                for k, v in list(r.items()):
                    if v == "":
                        r[k] = None
                    elif k in NUMERIC:
                        r[k] = float(v)
                    elif k == "reliable":
                        r[k] = v == "true"
            return rows
        out = []
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                r = None
            if isinstance(r, dict):
                out.append(r)
            else:
                print(f"plot.py: skipping a line of {path} that is not a whole record", file=sys.stderr)
        return out


def short(spec):
    """normal(loc=0, scale=2) -> normal(scale=2): defaults dropped for labels."""
    name, _, rest = spec.partition("(")
    keep = [kv.strip() for kv in rest.rstrip(")").split(",")
            if kv.strip() not in ("loc=0", "scale=1", "standardize=false", "")]
    return f"{name}({', '.join(keep)})"


def num(r, k):
    v = r.get(k)
    return float("nan") if v is None else float(v)


def groups(records):
    g = OrderedDict()
    for r in records:
        g.setdefault((r["error"], r["utility"]), []).append(r)
    return g


def panels(n):
    cols = min(n, 3)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.6 * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def band(ax, x, rs, key, label, color, style="-"):
    pts = sorted((num(r, x), num(r, key), num(r, key + "_se"), r.get("reliable", True)) for r in rs)
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    se = [p[2] if not math.isnan(p[2]) else 0.0 for p in pts]
    ax.plot(xs, ys, style, color=color, label=label)
    ax.fill_between(xs, [y - 1.96 * s for y, s in zip(ys, se)], [y + 1.96 * s for y, s in zip(ys, se)],
                    color=color, alpha=0.2, linewidth=0)
    ax.scatter([p[0] for p in pts if p[3]], [p[1] for p in pts if p[3]], color=color, s=12)
    ax.scatter([p[0] for p in pts if not p[3]], [p[1] for p in pts if not p[3]], facecolors="none",
               edgecolors=color, s=18)


def split(rs):
    """Monte Carlo records and exact references, apart."""
    return [r for r in rs if r.get("backend") != "exact"], [r for r in rs if r.get("backend") == "exact"]


def exact_line(ax, x, rs, key, color):
    rs = sorted((r for r in rs if r.get(key) is not None), key=lambda r: num(r, x))
    if rs:
        ax.plot([num(r, x) for r in rs], [num(r, key) for r in rs], "--", color=color, linewidth=1,
                label=f"{key} exact")


def curve_panels(records, x, series, xlabel, title, log_axes):
    """One panel per error/utility pair: Monte Carlo bands and exact lines of
    each (field, label, colour) against x; log_axes(ax, xs) sets the scales."""
    g = groups(records)
    fig, axes = panels(len(g))
    for ax, ((err, util), rs) in zip(axes, g.items()):
        mc, ex = split(rs)
        for key, label, color in series:
            if mc:
                band(ax, x, mc, key, label, color)
            exact_line(ax, x, ex, key, color)
        log_axes(ax, [num(r, x) for r in rs])
        ax.set_xlabel(xlabel)
        ax.set_title(f"X ~ {short(err)}\nV ~ {short(util)}", fontsize=9)
        ax.axhline(0, color="grey", linewidth=0.5)
        ax.legend(fontsize=8)
    fig.suptitle(title)
    return fig


def fig_bon(records):
    return curve_panels(records, "n", (("E_V", "E[V]", "tab:green"), ("E_X", "E[X]", "tab:red"),
                                       ("E_U", "E[U]", "tab:blue")),
                        "N (best of N)", "Best-of-N: utility and error of the chosen outcome (95% bands)",
                        lambda ax, xs: ax.set_xscale("log", base=2))


def threshold_axes(ax, ts):
    if min(ts) > 0 and max(ts) / min(ts) > 50:  # geometric grids: a log axis, E[V] on its own scale
        ax.set_xscale("log")
        ax.set_yscale("symlog", linthresh=0.01)


def fig_threshold(records):
    return curve_panels(records, "t", (("E_V", "E[V | U >= t]", "tab:green"), ("E_X", "E[X | U >= t]", "tab:red")),
                        "threshold t",
                        "Conditioning on U >= t (hollow: fewer than 100 exceedances or otherwise unreliable)",
                        threshold_axes)


def fig_construct(records):
    g = groups(records)
    fig, axes = plt.subplots(2, len(g), figsize=(4.8 * len(g), 6.4), squeeze=False)
    for col, ((err, util), rs) in enumerate(g.items()):
        mc, ex = split(rs)
        ex = sorted(ex, key=lambda r: num(r, "t"))
        for row, key, label in ((0, "E_X", "E_P[X]"), (1, "KL", "KL(P||Q)")):
            ax = axes[row][col]
            if mc:
                band(ax, "t", mc, key, "Monte Carlo", "tab:blue")
            if ex:
                ax.plot([num(r, "t") for r in ex], [num(r, key) for r in ex], "k--", label="exact")
            ax.set_xscale("log")
            ax.set_xlabel("t")
            ax.set_ylabel(label)
            ax.legend(fontsize=8)
            if row == 0:
                q = rs[0].get("q") or "error"
                ax.set_title(f"Q = law of {'U' if q == 'sum' else 'X'}, X ~ {short(err)}", fontsize=9)
    fig.suptitle("Theorem-1 construction: mass c t^-a above t")
    return fig


def fig_tilt(records):
    g = groups(records)
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for (err, util), rs in g.items():
        mc, ex = split(rs)
        mc = sorted(mc, key=lambda r: num(r, "KL"))
        line, = ax.plot([num(r, "KL") for r in mc], [num(r, "E_V") for r in mc], "-",
                        label=f"X ~ {short(err)}, V ~ {short(util)}")
        bad = [r for r in mc if not r.get("reliable", True)]
        ax.scatter([num(r, "KL") for r in bad], [num(r, "E_V") for r in bad], marker="x", color=line.get_color())
        ex = sorted((r for r in ex if r.get("KL") is not None), key=lambda r: num(r, "KL"))
        if ex:
            ax.plot([num(r, "KL") for r in ex], [num(r, "E_V") for r in ex], "--", color=line.get_color(),
                    linewidth=1)
    ax.set_xscale("log")
    ax.set_xlabel("KL(pi_beta || pi_0)")
    ax.set_ylabel("E[V] under pi_beta")
    ax.set_title("KL-penalised optimum, one point per beta (dashed: exact; x: unreliable,\ne.g. no optimum exists)", fontsize=9)
    ax.legend(fontsize=7)
    return fig


def fig_tail(records):
    """The paper's Fig. 1: histogram, normal and exponential probability plots,
    Hill estimate against k with error bars (one analysis per file)."""
    summ = [r for r in records if r.get("kind") == "tail_summary"][-1]
    qn = [r for r in records if r.get("kind") == "qq_normal"][-1]
    qe = [r for r in records if r.get("kind") == "qq_exponential"]
    ks = [r for r in records if r.get("kind") == "tail_k"]
    fig, ax = plt.subplots(1, 4, figsize=(17, 3.8))
    hist = [r for r in records if r.get("kind") == "histogram"]
    if hist:
        e, c = hist[-1]["edges"], hist[-1]["counts"]
        ax[0].stairs(c, e, fill=True, color="tab:blue")
    else:
        ax[0].hist(qn["sample"], bins=60, color="tab:blue")
    ax[0].set_title(f"histogram ({summ['n']} values, {summ['tail']} tail)", fontsize=9)
    ax[1].plot(qn["theoretical"], qn["sample"], ".", markersize=2)
    ax[1].set_xlabel("normal quantile")
    ax[1].set_title("normal probability plot", fontsize=9)
    if qe:
        ax[2].plot(qe[-1]["theoretical"], qe[-1]["sample"], ".", markersize=2, color="tab:orange")
    ax[2].set_xlabel("exponential quantile")
    ax[2].set_title("exponential probability plot, values above the mean", fontsize=9)
    k = [r["k"] for r in ks]
    h = [num(r, "hill") for r in ks]
    hs = [num(r, "hill_se") for r in ks]
    ax[3].errorbar(k, h, yerr=hs, fmt=".", markersize=3, elinewidth=0.6, label="Hill")
    m = [num(r, "moment") for r in ks]
    ax[3].plot(k, m, "-", color="tab:red", linewidth=0.8, label="moment")
    ax[3].set_xlabel("k")
    ax[3].set_ylim(min(-0.2, min(h)), max(1.0, max(h) * 1.2))
    ax[3].legend(fontsize=8)
    ax[3].set_title(f"tail index: Hill {num(summ, 'hill'):.3f} at k = {summ['k_hi']}, "
                    f"k-hat {num(summ, 'khat'):.2f}: {summ['verdict']}", fontsize=9)
    fig.suptitle(f"{os.path.basename(summ['file'])}" + (f" [{summ['column']}]" if summ.get("column") else ""))
    return fig


FIGS = {"tail": fig_tail, "bon": fig_bon, "threshold": fig_threshold, "construct": fig_construct, "tilt": fig_tilt}
PARAM = {"bon": "n", "threshold": "t", "construct": "t", "tilt": "beta"}


def print_table(method, records):
    for (err, util), rs in groups(split(records)[0]).items():
        print(f"\n{method}: X ~ {short(err)}, V ~ {short(util)}")
        p = PARAM[method]
        print(f"{p:>10} {'E[V]':>10} {'se':>8} {'E[X]':>10} {'se':>8} {'KL':>9}  reliable")
        for r in sorted(rs, key=lambda r: num(r, p)):
            rel = "yes" if r.get("reliable") else (r.get("unreliable_reason") or "no")
            print(f"{num(r, p):10.4g} {num(r, 'E_V'):10.4g} {num(r, 'E_V_se'):8.2g} {num(r, 'E_X'):10.4g} "
                  f"{num(r, 'E_X_se'):8.2g} {num(r, 'KL'):9.4g}  {rel}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", nargs="+")
    ap.add_argument("--out", help="figure file (.png or .svg); default: RESULTS with .png")
    ap.add_argument("--table", action="store_true", help="also print the numbers")
    a = ap.parse_args(argv)
    records = []
    for path in a.results:
        try:
            records += read_records(path)
        except OSError as e:
            print(f"plot.py: error: cannot read {path}: {e.strerror}", file=sys.stderr)
            return 2
    by = OrderedDict()
    for r in records:
        if r.get("method") in FIGS:
            by.setdefault(r["method"], []).append(r)
        elif str(r.get("kind", "")).startswith(("tail_", "qq_")):
            by.setdefault("tail", []).append(r)
    if not by:
        print("plot.py: error: no tailtilt records in the input", file=sys.stderr)
        return 2
    out = a.out or os.path.splitext(a.results[0])[0] + ".png"
    stem, ext = os.path.splitext(out)
    if ext.lower() not in (".png", ".svg"):
        print(f"plot.py: error: --out must end in .png or .svg, not '{ext}'", file=sys.stderr)
        return 2
    for method, rs in by.items():
        fig = FIGS[method](rs)
        fig.tight_layout()
        path = out if len(by) == 1 else f"{stem}-{method}{ext}"
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        fig.savefig(path, dpi=110)
        plt.close(fig)
        print(f"wrote {path}")
        if a.table and method in PARAM:
            print_table(method, rs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
