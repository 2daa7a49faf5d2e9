/* tail_cmd.c: the `tail` command: reads a column, estimates the tail index
 * over a range of k, fits a generalized Pareto tail, gives a verdict with its
 * reasons, and writes records (JSON Lines, for tools/plot.py) through the writer. */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/array_io.h"
#include "cli/tail_cmd.h"
#include "analysis/tail_stats.h"
#include "tailtilt.h"
#include "core/util.h"

typedef struct {
    const char *file, *column, *out;
    tt_format format;
    int format_given, demean, lower, paper, drop_nonfinite;
    long klo, khi, gpd_m;
} tail_opts;

/* tail's records: a results file of its own, appended to by the engine's
 * writer under the same rules (JSON records each with a `kind`, or this CSV). */
static const tt_results_kind TAIL_RECORDS = {"k,hill,hill_se,moment,moment_se,pickands,pickands_se", "kind",
                                             "file of tailtilt tail records"};

static int usage_error(const char *fmt, const char *a)
{
    fprintf(stderr, "tailtilt: error: ");
    fprintf(stderr, fmt, a);
    fputc('\n', stderr);
    return 2;
}

void tt_tail_usage(FILE *fp)
{
    fputs("usage: tailtilt tail FILE [--column NAME|INDEX] [--demean] [--lower] [--paper] [--k LO:HI]\n"
          "                     [--gpd-m M] [--drop-nonfinite] [--out FILE|-] [--format jsonl|csv|table]\n"
          "  Tail analysis of samples (.npy float32/float64, or CSV/TSV/whitespace text with an optional\n"
          "  header): Hill, moment (Dekkers-Einmahl-de Haan) and Pickands estimates of the tail index\n"
          "  gamma for each k, a generalized Pareto fit to the top M values (Zhang-Stephens k-hat, as in\n"
          "  PSIS), summary statistics, probability-plot data and a verdict (light, heavy, inconclusive).\n"
          "  --paper: the convention of Kwa et al.: demean, keep the positive values, k from int(n^0.1) to\n"
          "  int(n^0.5)-1, Hill_k = mean of log x_(i) - log x_(k) over the top k. --lower: the lower tail.\n"
          "  Defaults: k from int(n^0.1) to int(n^0.5)-1, M = min(n/5, 3 sqrt(n)), JSON Lines to stdout.\n", fp);
}

static int parse(int argc, char **argv, tail_opts *o)
{
    memset(o, 0, sizeof *o);
    o->out = "-";
    o->format = TT_FORMAT_JSONL;
    o->klo = o->khi = o->gpd_m = -1;
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { tt_tail_usage(stdout); return 1; }
        else if (!strcmp(a, "--demean")) o->demean = 1;
        else if (!strcmp(a, "--lower")) o->lower = 1;
        else if (!strcmp(a, "--paper")) o->paper = o->demean = 1;
        else if (!strcmp(a, "--drop-nonfinite")) o->drop_nonfinite = 1;
        else if (a[0] == '-' && a[1] == '-') {
            if (i + 1 >= argc) return usage_error("option '%s' needs a value", a) ? -1 : -1;
            const char *v = argv[++i];
            if (!strcmp(a, "--column")) o->column = v;
            else if (!strcmp(a, "--out")) o->out = v;
            else if (!strcmp(a, "--format")) {
                if (!strcmp(v, "jsonl")) o->format = TT_FORMAT_JSONL;
                else if (!strcmp(v, "csv")) o->format = TT_FORMAT_CSV;
                else if (!strcmp(v, "table")) o->format = TT_FORMAT_TABLE;
                else return usage_error("invalid --format '%s': expected jsonl, csv or table", v) ? -1 : -1;
                o->format_given = 1;
            } else if (!strcmp(a, "--k")) {
                char *e1, *e2;
                long lo = strtol(v, &e1, 10), hi = *e1 == ':' ? strtol(e1 + 1, &e2, 10) : -1;
                if (*e1 != ':' || *e2 || lo < 1 || hi < lo)
                    return usage_error("invalid --k '%s': expected LO:HI with 1 <= LO <= HI", v) ? -1 : -1;
                o->klo = lo;
                o->khi = hi;
            } else if (!strcmp(a, "--gpd-m")) {
                char *e;
                long m = strtol(v, &e, 10);
                if (*e || m < 5) return usage_error("invalid --gpd-m '%s': expected a whole number >= 5", v) ? -1 : -1;
                o->gpd_m = m;
            } else
                return usage_error("unknown option '%s' (see tailtilt tail --help)", a) ? -1 : -1;
        } else if (!o->file)
            o->file = a;
        else
            return usage_error("tail takes one file (got another: '%s')", a) ? -1 : -1;
    }
    if (!o->file)
        return usage_error("tail needs a file: tailtilt tail FILE%s", "") ? -1 : -1;
    return 0;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static json_t *num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

/* Up to `max` evenly spaced points of a probability plot. */
static json_t *qq(const double *asc, size_t n, int exponential, size_t max)
{
    json_t *o = json_object(), *xs = json_array(), *ys = json_array();
    size_t step = n > max ? n / max : 1;
    for (size_t i = 0; i < n; i += step) {
        double p = ((double)i + 0.5) / (double)n;
        double q = exponential ? -log1p(-p) : tt_dist_quantile(&(tt_dist){.kind = TT_NORMAL, .scale = 1}, p);
        json_array_append_new(xs, json_real(q));
        json_array_append_new(ys, json_real(asc[i]));
    }
    json_object_set_new(o, "kind", json_string(exponential ? "qq_exponential" : "qq_normal"));
    json_object_set_new(o, "theoretical", xs);
    json_object_set_new(o, "sample", ys);
    return o;
}

/* Counts of the (ascending) values in `bins` equal bins between min and max. */
static json_t *histogram(const double *asc, size_t n, int bins)
{
    json_t *o = json_object(), *edges = json_array(), *counts = json_array();
    double lo = asc[0], hi = asc[n - 1], w = hi > lo ? (hi - lo) / bins : 1.0;
    size_t i = 0;
    for (int b = 0; b <= bins; ++b)
        json_array_append_new(edges, json_real(lo + w * b));
    for (int b = 0; b < bins; ++b) {
        size_t c = 0;
        double top = b + 1 == bins ? INFINITY : lo + w * (b + 1);
        while (i < n && asc[i] < top) { ++c; ++i; }
        json_array_append_new(counts, json_integer((json_int_t)c));
    }
    json_object_set_new(o, "kind", json_string("histogram"));
    json_object_set_new(o, "edges", edges);
    json_object_set_new(o, "counts", counts);
    return o;
}

/* One line (or lines of the table) to the results, in one write; once a
 * write has failed, nothing more is tried. */
static int put(tt_writer *w, char *msg, const char *fmt, ...)
{
    if (msg[0])
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!text) {
        snprintf(msg, TT_MSG_LEN, "out of memory formatting the results");
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int st = tt_writer_write_line(w, text, (size_t)n, msg);
    free(text);
    return st == TT_OK ? 0 : -1;
}

static int emit(tt_writer *w, char *msg, json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(o);
    if (!s) {
        if (!msg[0]) snprintf(msg, TT_MSG_LEN, "out of memory formatting the results");
        return -1;
    }
    int r = put(w, msg, "%s\n", s);
    free(s);
    return r;
}

int tt_tail_main(int argc, char **argv)
{
    tail_opts o;
    int pr = parse(argc, argv, &o);
    if (pr)
        return pr > 0 ? 0 : 2;
    char msg[TT_MSG_LEN];
    tt_column col;
    if (tt_column_read(o.file, o.column, o.drop_nonfinite, &col, msg) != TT_OK)
        return usage_error("%s", msg);
    size_t n = col.n;
    double *x = col.values;
    if (o.lower)
        for (size_t i = 0; i < n; ++i) x[i] = -x[i];
    double mean = 0, m2 = 0, m3 = 0, m4 = 0;
    for (size_t i = 0; i < n; ++i) mean += x[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; ++i) {
        double d = x[i] - mean;
        m2 += d * d; m3 += d * d * d; m4 += d * d * d * d;
    }
    m2 /= (double)n; m3 /= (double)n; m4 /= (double)n;
    double sd = sqrt(m2);
    /* The tail sample: descending; with --demean shifted by the mean; the
     * estimators need positive values at the top. */
    double *y = malloc(sizeof(double) * n);
    size_t npos = 0;
    for (size_t i = 0; i < n; ++i) {
        double v = o.demean ? x[i] - mean : x[i];
        if (v > 0) y[npos++] = v;
    }
    qsort(y, npos, sizeof(double), cmp_desc);
    long klo = o.klo > 0 ? o.klo : (long)pow((double)n, 0.1);
    long khi = o.khi > 0 ? o.khi : (long)pow((double)n, 0.5) - 1;
    if (klo < 1) klo = 1;
    if (khi < klo || (size_t)khi + 1 > npos) {
        char why[300];
        snprintf(why, sizeof why, "%s: too few positive values (%zu of %zu) for k up to %ld%s", o.file, npos, n, khi,
                 o.demean ? "" : " (values must be > 0 at the top: try --demean)");
        free(y);
        tt_column_free(&col);
        return usage_error("%s", why);
    }
    tt_writer w;
    int wst = tt_writer_open_kind(&w, o.out, o.format, o.format_given, &TAIL_RECORDS, msg);
    if (wst != TT_OK) {
        free(y);
        tt_column_free(&col);
        usage_error("%s", msg);
        return wst == TT_EINVAL ? 2 : 1;
    }
    msg[0] = '\0'; /* from here on, set by the first failed write */
    tt_format fmt = w.format; /* an existing file's, when no --format was given */
    /* generalized Pareto tail of the top M values above the (M+1)-th */
    size_t M = o.gpd_m > 0 ? (size_t)o.gpd_m : (size_t)fmin((double)n / 5, 3 * sqrt((double)n));
    if (M + 1 > npos) M = npos > 1 ? npos - 1 : 0;
    double khat = NAN, gsig = NAN, thr = M < npos ? y[M] : NAN;
    if (M >= 5) {
        double *ex = malloc(sizeof(double) * M);
        for (size_t i = 0; i < M; ++i) ex[i] = y[M - 1 - i] - thr; /* increasing */
        if (ex[0] <= 0) ex[0] = 1e-300 + ex[1] * 1e-12;
        tt_gpd_fit(ex, M, &khat, &gsig);
        free(ex);
    }
    double khat_se = (1 + fabs(khat)) / sqrt((double)M);
    double mse, mom = tt_moment_estimator(y, npos, (size_t)khi, &mse);
    double hill = tt_hill(y, npos, (size_t)khi, o.paper);
    const char *verdict = "inconclusive";
    char reasons[600];
    int heavy_k = khat - 1.96 * khat_se > 0, heavy_m = mom - 1.96 * mse > 0;
    int light_k = khat + 1.96 * khat_se < 0.1;
    if (heavy_k && heavy_m) verdict = "heavy";
    else if (light_k && !heavy_m) verdict = "light";
    snprintf(reasons, sizeof reasons,
             "GPD k-hat %.3f +- %.3f (95%%) on the top %zu values %s; moment estimator %.3f +- %.3f at k = %ld %s; "
             "Hill %.3f +- %.3f at k = %ld (assumes a heavy tail, so it cannot show a light one)",
             khat, 1.96 * khat_se, M, heavy_k ? "excludes 0 (Pareto-type tail)" : light_k ? "stays below 0.1" : "is ambiguous",
             mom, 1.96 * mse, khi, heavy_m ? "excludes 0" : "includes 0 or less", hill, hill / sqrt((double)khi), khi);
    if (fmt == TT_FORMAT_TABLE) { /* every part of the output goes to the same place */
        put(&w, msg, "%s%s: n = %zu (%zu non-finite dropped), mean %.6g, sd %.6g, skewness %.3g, excess kurtosis %.3g\n",
                o.file, o.lower ? " (lower tail)" : "", n, col.nonfinite, mean, sd, m3 / (m2 * sd), m4 / (m2 * m2) - 3);
        put(&w, msg, "%8s %10s %9s %10s %9s %10s %9s\n", "k", "hill", "se", "moment", "se", "pickands", "se");
    }
    for (long k = klo; k <= khi; ++k) {
        double h = tt_hill(y, npos, (size_t)k, o.paper), ms, m = tt_moment_estimator(y, npos, (size_t)k, &ms), ps,
               p = tt_pickands(y, npos, (size_t)k, &ps);
        if (fmt == TT_FORMAT_TABLE)
            put(&w, msg, "%8ld %10.4f %9.4f %10.4f %9.4f %10.4f %9.4f\n", k, h, h / sqrt((double)k), m, ms, p, ps);
        else if (fmt == TT_FORMAT_CSV) /* the header comes with a new file (the writer's) */
            put(&w, msg, "%ld,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", k, h, h / sqrt((double)k), m, ms, p, ps);
        else {
            json_t *r = json_object();
            json_object_set_new(r, "kind", json_string("tail_k"));
            json_object_set_new(r, "k", json_integer(k));
            json_object_set_new(r, "hill", num(h));
            json_object_set_new(r, "hill_se", num(h / sqrt((double)k)));
            json_object_set_new(r, "moment", num(m));
            json_object_set_new(r, "moment_se", num(ms));
            json_object_set_new(r, "pickands", num(p));
            json_object_set_new(r, "pickands_se", num(ps));
            emit(&w, msg, r);
        }
    }
    if (fmt == TT_FORMAT_TABLE) {
        put(&w, msg, "GPD fit to the top %zu values (threshold %.6g): k-hat %.4f, sigma %.4g\n", M, thr, khat, gsig);
        put(&w, msg, "verdict: %s\n  %s\n", verdict, reasons);
    } else if (fmt == TT_FORMAT_JSONL) {
        json_t *s = json_object();
        json_object_set_new(s, "kind", json_string("tail_summary"));
        json_object_set_new(s, "file", json_string(o.file));
        json_object_set_new(s, "column", o.column ? json_string(o.column) : json_null());
        json_object_set_new(s, "tail", json_string(o.lower ? "lower" : "upper"));
        json_object_set_new(s, "convention", json_string(o.paper ? "paper" : "standard"));
        json_object_set_new(s, "demean", json_boolean(o.demean));
        json_object_set_new(s, "n", json_integer((json_int_t)n));
        json_object_set_new(s, "nonfinite_dropped", json_integer((json_int_t)col.nonfinite));
        json_object_set_new(s, "n_positive", json_integer((json_int_t)npos));
        json_object_set_new(s, "mean", num(mean));
        json_object_set_new(s, "sd", num(sd));
        json_object_set_new(s, "skewness", num(m3 / (m2 * sd)));
        json_object_set_new(s, "excess_kurtosis", num(m4 / (m2 * m2) - 3));
        double *asc = malloc(sizeof(double) * n);
        memcpy(asc, x, sizeof(double) * n);
        qsort(asc, n, sizeof(double), cmp_desc);
        json_object_set_new(s, "max", num(asc[0]));
        json_object_set_new(s, "min", num(asc[n - 1]));
        const double qs[] = {0.5, 0.9, 0.99, 0.999};
        const char *qn[] = {"q50", "q90", "q99", "q999"};
        for (int i = 0; i < 4; ++i)
            json_object_set_new(s, qn[i], num(asc[(size_t)((1 - qs[i]) * (double)(n - 1))]));
        json_object_set_new(s, "k_lo", json_integer(klo));
        json_object_set_new(s, "k_hi", json_integer(khi));
        json_object_set_new(s, "hill", num(hill));
        json_object_set_new(s, "hill_se", num(hill / sqrt((double)khi)));
        json_object_set_new(s, "moment", num(mom));
        json_object_set_new(s, "moment_se", num(mse));
        json_object_set_new(s, "gpd_m", json_integer((json_int_t)M));
        json_object_set_new(s, "gpd_threshold", num(thr));
        json_object_set_new(s, "khat", num(khat));
        json_object_set_new(s, "khat_se", num(khat_se));
        json_object_set_new(s, "gpd_sigma", num(gsig));
        json_object_set_new(s, "verdict", json_string(verdict));
        json_object_set_new(s, "reasons", json_string(reasons));
        json_object_set_new(s, "version", json_string(TT_VERSION));
        emit(&w, msg, s);
        /* plot data: ascending values; the histogram is drawn from the normal QQ sample */
        for (size_t i = 0; i < n / 2; ++i) {
            double t = asc[i]; asc[i] = asc[n - 1 - i]; asc[n - 1 - i] = t;
        }
        emit(&w, msg, qq(asc, n, 0, 2000));
        emit(&w, msg, histogram(asc, n, 60));
        size_t first = 0;
        while (first < n && asc[first] <= mean) ++first;
        for (size_t i = first; i < n; ++i) asc[i] -= mean;
        if (n - first >= 2)
            emit(&w, msg, qq(asc + first, n - first, 1, 2000));
        free(asc);
    }
    char cmsg[TT_MSG_LEN];
    if (tt_writer_close(&w, cmsg) != TT_OK && !msg[0])
        snprintf(msg, TT_MSG_LEN, "%s", cmsg);
    free(y);
    tt_column_free(&col);
    if (msg[0]) {
        usage_error("%s", msg);
        return 1;
    }
    return 0;
}
