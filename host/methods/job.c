/* job.c: the one home of a job's rules: defaults, the reading of each key's
 * value, and every rule between keys, for the command line and configs alike. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/util.h"
#include "methods/job.h"
#include "methods/method.h"
#include "tailtilt/stream.h"

static const char *const KEY_NAMES[TT_KEY_COUNT] = {
    [TT_KEY_METHOD] = "method", [TT_KEY_ERROR] = "error", [TT_KEY_UTILITY] = "utility",
    [TT_KEY_GRID] = "beta | t | n", [TT_KEY_SAMPLES] = "samples", [TT_KEY_TRIALS] = "trials",
    [TT_KEY_SEED] = "seed", [TT_KEY_THREADS] = "threads", [TT_KEY_BACKEND] = "backend", [TT_KEY_C] = "c",
    [TT_KEY_A] = "a", [TT_KEY_Q] = "q", [TT_KEY_ESTIMATOR] = "estimator", [TT_KEY_PROPOSAL] = "proposal",
    [TT_KEY_DIAGNOSTICS] = "diagnostics", [TT_KEY_PRECISION] = "precision",
};

int tt_job_key_id(const char *name)
{
    if (!strcmp(name, "beta") || !strcmp(name, "t") || !strcmp(name, "n"))
        return TT_KEY_GRID;
    for (int k = 0; k < TT_KEY_COUNT; ++k)
        if (!strcmp(name, KEY_NAMES[k]))
            return k;
    return -1;
}

const char *tt_job_keys(void)
{
    static char list[256];
    if (!list[0])
        for (int k = 0; k < TT_KEY_COUNT; ++k)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", KEY_NAMES[k]);
    return list;
}

void tt_jobdef_init(tt_jobdef *d)
{
    memset(d, 0, sizeof *d);
    d->job.method = TT_METHOD_COUNT; /* none yet */
    d->job.samples = 1000000;
    d->job.trials = 1000;
    d->job.seed = 1;
    d->job.c = 1.0;
    d->job.a = 0.8;
    d->job.backend = TT_BACKEND_AUTO;
    d->job.proposal = TT_PROPOSAL_NONE;
}

void tt_jobdef_free(tt_jobdef *d)
{
    free(d->errors);
    free(d->utilities);
    free(d->job.grid);
    free(d->grid_text);
    d->errors = d->utilities = NULL;
    d->job.grid = NULL;
    d->grid_text = NULL;
}

static int invalid(char *msg, const char *key, const char *value, const char *accepted)
{
    snprintf(msg, TT_MSG_LEN, "invalid %s '%s': expected %s", key, value, accepted);
    return TT_EINVAL;
}

/* One of the words of `choices` (a NULL-ended list); its index, or -1. */
static int word(const char *value, const char *const *choices)
{
    for (int i = 0; choices[i]; ++i)
        if (!strcmp(value, choices[i]))
            return i;
    return -1;
}

/* value as one of `choices` (its index in *out), else the key's message. */
static int pick(const char *key, const char *value, const char *const *choices, const char *accepted, int *out,
                char *msg)
{
    int c = word(value, choices);
    if (c < 0)
        return invalid(msg, key, value, accepted);
    *out = c;
    return TT_OK;
}

static int add_law(tt_dist **list, int *n, const char *spec, char *msg)
{
    tt_dist d;
    if (tt_dist_parse(spec, &d, msg) != TT_OK)
        return TT_EINVAL;
    tt_dist *grown = realloc(*list, sizeof **list * (size_t)(*n + 1));
    if (!grown)
        return TT_ENOMEM;
    grown[(*n)++] = d;
    *list = grown;
    return TT_OK;
}

static int set_count(uint64_t *out, const char *key, const char *value, char *msg)
{
    double x;
    if (tt_parse_double(value, &x) || !(x >= 1) || x != floor(x) || x > 9.0e18)
        return invalid(msg, key, value, "a whole number >= 1, such as 1000000 or 1e9");
    *out = (uint64_t)x;
    return TT_OK;
}

int tt_jobdef_set(tt_jobdef *d, const char *key, const char *value, char *msg)
{
    tt_job *j = &d->job;
    static const char *const BACKENDS[] = {"auto", "cpu", "cuda", "exact", NULL};
    static const char *const QS[] = {"error", "sum", NULL};
    static const char *const ESTIMATORS[] = {"tournament", "weighted", NULL};
    static const char *const BOOLS[] = {"false", "true", NULL};
    static const char *const PRECISIONS[] = {"single", "double", NULL};
    int k = tt_job_key_id(key), choice;
    if (k < 0) {
        snprintf(msg, TT_MSG_LEN, "unknown key '%s' (accepted: name, %s)", key, tt_job_keys());
        return TT_EINVAL;
    }
    if (k == TT_KEY_GRID && (d->given & (1u << TT_KEY_GRID))) {
        snprintf(msg, TT_MSG_LEN, "give one grid only ('%s' and '%s')", d->grid_key, key);
        return TT_EINVAL;
    }
    d->given |= 1u << k;
    switch ((tt_job_key)k) {
    case TT_KEY_METHOD: {
        const tt_method_desc *m = tt_method_find(value);
        if (!m)
            return invalid(msg, key, value, tt_method_list());
        j->method = m->id;
        return TT_OK;
    }
    case TT_KEY_ERROR: return add_law(&d->errors, &d->nerror, value, msg);
    case TT_KEY_UTILITY: return add_law(&d->utilities, &d->nutility, value, msg);
    case TT_KEY_GRID:
        snprintf(d->grid_key, sizeof d->grid_key, "%s", key);
        free(d->grid_text);
        d->grid_text = strdup(value);
        return d->grid_text ? TT_OK : TT_ENOMEM;
    case TT_KEY_SAMPLES: return set_count(&j->samples, key, value, msg);
    case TT_KEY_TRIALS: return set_count(&j->trials, key, value, msg);
    case TT_KEY_SEED: {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(value, &end, 10);
        if (!*value || *end || errno || value[0] == '-' || value[0] == '+' || value[0] == ' ')
            return invalid(msg, key, value, "a whole number from 0 to 2^64-1");
        j->seed = (uint64_t)s;
        return TT_OK;
    }
    case TT_KEY_THREADS: {
        double t;
        if (tt_parse_double(value, &t) || t < 1 || t > 4096 || t != floor(t))
            return invalid(msg, key, value, "a whole number from 1 to 4096");
        j->threads = (int)t;
        return TT_OK;
    }
    case TT_KEY_BACKEND:
        if (pick(key, value, BACKENDS, "cpu, cuda, auto or exact", &choice, msg))
            return TT_EINVAL;
        d->exact = choice == 3;
        j->backend = choice == 1 ? TT_BACKEND_CPU : choice == 2 ? TT_BACKEND_CUDA : TT_BACKEND_AUTO;
        return TT_OK;
    case TT_KEY_C:
    case TT_KEY_A: {
        double x;
        if (tt_parse_double(value, &x) || !(x > 0) || !isfinite(x))
            return invalid(msg, key, value, "a finite number > 0");
        *(k == TT_KEY_C ? &j->c : &j->a) = x;
        return TT_OK;
    }
    case TT_KEY_Q: return pick(key, value, QS, "error or sum", &j->q_is_sum, msg);
    case TT_KEY_ESTIMATOR: return pick(key, value, ESTIMATORS, "tournament or weighted", &j->weighted, msg);
    case TT_KEY_PROPOSAL:
        if ((choice = tt_proposal_parse(value)) < TT_PROPOSAL_AUTO)
            return invalid(msg, key, value, "none, auto, mixture, conditional, tilt or tail");
        j->proposal = choice;
        return TT_OK;
    case TT_KEY_DIAGNOSTICS:
        if (pick(key, value, BOOLS, "true or false", &choice, msg))
            return TT_EINVAL;
        j->no_diagnostics = !choice;
        return TT_OK;
    case TT_KEY_PRECISION: return pick(key, value, PRECISIONS, "single or double", &j->precision, msg);
    case TT_KEY_COUNT: break;
    }
    return TT_EINVAL;
}

static int fail(char *msg, const char **bad_key, const char *key, const char *why)
{
    snprintf(msg, TT_MSG_LEN, "%s", why);
    *bad_key = key;
    return TT_EINVAL;
}

/* The chunks of the job's largest pass fit the 2^32 chunk counter. */
static const char *chunk_limit(const tt_job *j, int key)
{
    static char why[160];
    uint64_t most = 0;
    if (key == TT_KEY_SAMPLES)
        most = tt_chunk_count(j->samples, TT_CHUNK_SAMPLES);
    else
        for (int g = 0; g < j->ngrid; ++g) {
            uint64_t c = tt_chunk_count(j->trials, tt_bon_trials_per_chunk((uint32_t)j->grid[g]));
            most = c > most ? c : most;
        }
    if (most <= 0xffffffffull)
        return NULL;
    snprintf(why, sizeof why, "invalid %s: %llu chunks of a pass exceed the 2^32 chunk counter",
             key == TT_KEY_SAMPLES ? "samples" : "trials", (unsigned long long)most);
    return why;
}

int tt_jobdef_check(tt_jobdef *d, const char **bad_key, char *msg)
{
    tt_job *j = &d->job;
    char why[TT_MSG_LEN];
    *bad_key = "";
    const tt_method_desc *m = tt_method_get(j->method);
    if (!m) {
        snprintf(why, sizeof why, "'method' is required (%s)", tt_method_list());
        return fail(msg, bad_key, "", why);
    }
    if (!d->grid_text) {
        snprintf(why, sizeof why, "%s needs a grid: %s (for example 1,2,5 or geom:0.1:10:9)", m->name, m->grid_key);
        return fail(msg, bad_key, "", why);
    }
    if (strcmp(d->grid_key, m->grid_key)) {
        snprintf(why, sizeof why, "%s takes its grid as %s, not %s", m->name, m->grid_key, d->grid_key);
        return fail(msg, bad_key, "grid", why);
    }
    /* the optional keys the method takes, as the job now stands */
    for (int k = TT_KEY_SAMPLES; k <= TT_KEY_PROPOSAL; ++k) {
        if (k == TT_KEY_SEED || k == TT_KEY_THREADS || k == TT_KEY_BACKEND || !(d->given & (1u << k)))
            continue;
        const char *no = m->refuse(j, k);
        if (no)
            return fail(msg, bad_key, KEY_NAMES[k], no);
    }
    free(j->grid);
    j->grid = NULL;
    if (tt_grid_parse(d->grid_text, m->integer_grid, &j->grid, &j->ngrid, why) != TT_OK)
        return fail(msg, bad_key, "grid", why);
    if (tt_grid_check(j, why) != TT_OK)
        return fail(msg, bad_key, "grid", why);
    for (int k = TT_KEY_SAMPLES; !d->exact && k <= TT_KEY_TRIALS; ++k) {
        const char *limit = m->refuse(j, k) ? NULL : chunk_limit(j, k);
        if (limit)
            return fail(msg, bad_key, KEY_NAMES[k], limit);
    }
    int st = TT_OK;
    if (!d->nerror)
        st = add_law(&d->errors, &d->nerror, "normal()", why);
    if (st == TT_OK && !d->nutility)
        st = add_law(&d->utilities, &d->nutility, "normal()", why);
    if (st != TT_OK)
        return st;
    for (int ie = 0; m->check && ie < d->nerror; ++ie)
        for (int iu = 0; iu < d->nutility; ++iu) {
            tt_job one;
            tt_jobdef_job(d, ie, iu, &one);
            if (m->check(&one, why) != TT_OK)
                return fail(msg, bad_key, d->given & (1u << TT_KEY_PROPOSAL) ? "proposal" : "samples", why);
        }
    return TT_OK;
}

void tt_jobdef_job(const tt_jobdef *d, int ie, int iu, tt_job *job)
{
    *job = d->job;
    job->model.error = d->errors[ie];
    job->model.utility = d->utilities[iu];
    tt_dist_format(&job->model.error, job->error_spec, sizeof job->error_spec);
    tt_dist_format(&job->model.utility, job->utility_spec, sizeof job->utility_spec);
}
