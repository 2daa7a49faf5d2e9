/* table.c: the law table: every law's entry, listed once by kind, and the
 * host functions of a law (density, tails, quantile, tail metadata) that
 * apply loc and scale to the entry's standard form. */
#include <math.h>
#include <string.h>
#include "laws/law.h"

extern const tt_law tt_law_normal, tt_law_student_t, tt_law_lognormal, tt_law_levy, tt_law_pareto, tt_law_lomax,
    tt_law_cauchy, tt_law_exponential, tt_law_laplace, tt_law_weibull, tt_law_uniform, tt_law_empirical;

static const tt_law *const LAWS[] = {
    [TT_NORMAL] = &tt_law_normal,
    [TT_STUDENT_T] = &tt_law_student_t,
    [TT_LOGNORMAL] = &tt_law_lognormal,
    [TT_LEVY] = &tt_law_levy,
    [TT_PARETO] = &tt_law_pareto,
    [TT_LOMAX] = &tt_law_lomax,
    [TT_CAUCHY] = &tt_law_cauchy,
    [TT_EXPONENTIAL] = &tt_law_exponential,
    [TT_LAPLACE] = &tt_law_laplace,
    [TT_WEIBULL] = &tt_law_weibull,
    [TT_UNIFORM] = &tt_law_uniform,
    [TT_EMPIRICAL] = &tt_law_empirical,
};
_Static_assert(sizeof LAWS / sizeof LAWS[0] == TT_DIST_COUNT, "every law kind has an entry in the law table");

const tt_law *tt_law_get(int kind)
{
    return kind >= 0 && kind < TT_DIST_COUNT ? LAWS[kind] : NULL;
}

const char *tt_dist_name(int kind)
{
    const tt_law *l = tt_law_get(kind);
    return l ? l->name : "?";
}

const char *tt_dist_params_help(int kind)
{
    const tt_law *l = tt_law_get(kind);
    return l ? l->help : "";
}

int tt_dist_kind_from_name(const char *name)
{
    for (int k = 0; k < TT_DIST_COUNT; ++k)
        if (strcmp(name, LAWS[k]->name) == 0)
            return k;
    return -1;
}

int tt_model_has_density(const tt_model *m)
{
    return LAWS[m->error.kind]->density && LAWS[m->utility.kind]->density;
}

double tt_dist_log_constant(const tt_dist *d)
{
    return LAWS[d->kind]->log_constant(d);
}

double tt_dist_pdf(const tt_dist *d, double x)
{
    return LAWS[d->kind]->pdf(d, (x - d->loc) / d->scale) / d->scale;
}

double tt_dist_P(const tt_dist *d, double x)
{
    return LAWS[d->kind]->P(d, (x - d->loc) / d->scale);
}

double tt_dist_Q(const tt_dist *d, double x)
{
    return LAWS[d->kind]->Q(d, (x - d->loc) / d->scale);
}

double tt_dist_quantile(const tt_dist *d, double p)
{
    if (!(p >= 0.0 && p <= 1.0))
        return NAN;
    return d->loc + d->scale * LAWS[d->kind]->quantile(d, p);
}

double tt_dist_tail_mean(const tt_dist *d, double x)
{
    double z = (x - d->loc) / d->scale, m = LAWS[d->kind]->tail_mean(d, z);
    return isinf(m) ? m : d->loc * LAWS[d->kind]->Q(d, z) + d->scale * m;
}

void tt_dist_tail_proposal(const tt_dist *d, tt_tail_prop *h)
{
    tt_tail_info ti;
    tt_dist_tail(d, &ti);
    memset(h, 0, sizeof *h);
    h->center = tt_dist_quantile(d, 0.5);
    h->floor = -INFINITY;
    h->mean = ti.mean;
    h->sd = sqrt(ti.var);
    h->scale = d->scale;
    if (!LAWS[d->kind]->density) { /* data: a component only where a tail was fitted */
        if (!d->ntail)
            return;
        h->floor = d->loc + d->scale * d->tail_u;
        h->scale = d->scale * d->tail_sigma;
        h->shape = d->tail_xi > 0 ? TT_TAIL_LOMAX : TT_TAIL_EXP;
        h->index = d->tail_xi > 0 ? 0.9 * fmin(1 / d->tail_xi, 3.3) : 0.0;
        h->rate = d->tail_xi > 0 ? 0.0 : 1 / h->scale;
        return;
    }
    if (ti.mgf_radius == 0) { /* heavy: a power tail at least as heavy as the law's */
        h->shape = TT_TAIL_LOMAX;
        h->index = 0.9 * fmin(ti.moments_below, 3.3);
    } else { /* light: an exponential tail, its rate the law's hazard or below */
        h->shape = TT_TAIL_EXP;
        h->rate = isfinite(ti.mgf_radius) ? ti.mgf_radius : 0.0;
    }
}

void tt_dist_tail(const tt_dist *d, tt_tail_info *t)
{
    t->heavy = 1;
    t->mgf_radius = 0.0;
    t->moments_below = INFINITY;
    t->mean = t->var = NAN;
    t->lo = -INFINITY;
    t->hi = INFINITY;
    LAWS[d->kind]->tail(d, t);
    t->mgf_radius /= d->scale;
    t->mean = d->loc + d->scale * t->mean;
    t->var *= d->scale * d->scale;
    t->lo = d->loc + d->scale * t->lo;
    t->hi = d->loc + d->scale * t->hi;
}
