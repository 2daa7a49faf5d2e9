/* run.c: running a job: the backend it runs on (cpu, cuda, or auto), its
 * records started from the method table, its method's run, and the exact
 * references through the same table. */
#include <math.h>
#include <stdio.h>
#include "core/engine.h"
#include "core/record.h"
#include "core/util.h"
#include "laws/law.h"
#include "methods/run.h"
#include "reference/exact.h"

int tt_grid_check(const tt_job *job, char *msg)
{
    const tt_method_desc *d = tt_method_get(job->method);
    for (int g = 0; d && g < job->ngrid; ++g) {
        double x = job->grid[g];
        char xs[40];
        tt_format_double(x, xs, sizeof xs);
        const char *why = d->check_value(job, x);
        if (why) {
            snprintf(msg, TT_MSG_LEN, "invalid grid value %s: %s", xs, why);
            return TT_EINVAL;
        }
        for (int h = 0; h < g; ++h)
            if (job->grid[h] == x) {
                snprintf(msg, TT_MSG_LEN, "invalid grid: value %s appears twice", xs);
                return TT_EINVAL;
            }
    }
    return TT_OK;
}

tt_pass tt_pass_of(const tt_pass *base, uint32_t stream, uint64_t items)
{
    tt_pass p = *base;
    p.stream = stream;
    p.items = items;
    return p;
}

int tt_job_single(const tt_job *job, double reach)
{
    return job->precision == TT_PRECISION_SINGLE && job->model.error.reach + job->model.utility.reach <= reach;
}

void tt_records_precision(tt_record *recs, int first, int n, int single)
{
    for (int i = first; i < first + n; ++i)
        recs[i].precision = tt_precision_name(single ? TT_PRECISION_SINGLE : TT_PRECISION_DOUBLE);
}

int tt_run_with(const tt_job *job, const tt_backend *be, const tt_run_hooks *hooks, const tt_executor *exec,
                tt_record *recs, char *msg)
{
    const tt_method_desc *d = tt_method_get(job->method);
    if (!d) {
        snprintf(msg, TT_MSG_LEN, "unknown method %d (accepted: %s)", (int)job->method, tt_method_list());
        return TT_EINVAL;
    }
    int threads = tt_resolve_threads(job->threads);
    for (int g = 0; g < job->ngrid; ++g) {
        tt_record_init(&recs[g], job, g);
        recs[g].backend = be->name;
        recs[g].device = be->device();
        recs[g].threads = be->uses_threads ? threads : -1;
    }
    tt_run_state run;
    tt_run_start(&run, job, hooks, d->cost(job), exec);
    tt_pass base = {&job->model, tt_philox_key_from_seed(job->seed), 0, 0, threads, 0, &run, NULL};
    int st = be->begin ? be->begin(&job->model, &base.session, &base.model, msg) : TT_OK;
    if (st != TT_OK)
        return st;
    st = d->run(job, be, &base, recs, msg);
    if (be->end)
        be->end(base.session);
    return st;
}

int tt_run_cpu(const tt_job *job, tt_record *recs, const tt_run_hooks *hooks, char *msg)
{
    return tt_run_with(job, &tt_backend_cpu, hooks, NULL, recs, msg);
}

int tt_run_cuda(const tt_job *job, tt_record *recs, const tt_run_hooks *hooks, char *msg)
{
    char why[TT_MSG_LEN];
    if (!tt_cuda_usable(why)) {
        snprintf(msg, TT_MSG_LEN, "--backend cuda: %s", why);
        return TT_EUNSUP;
    }
    return tt_run_with(job, &tt_backend_cuda, hooks, NULL, recs, msg);
}

/* The caller's hooks, and how many records went through them. */
typedef struct {
    const tt_run_hooks *inner;
    int emitted;
} counted;

static void counted_progress(void *u, uint64_t done, uint64_t total)
{
    const counted *c = u;
    c->inner->progress(c->inner->user, done, total);
}

static int counted_record(void *u, int index, const tt_record *r)
{
    counted *c = u;
    c->emitted++;
    return c->inner && c->inner->record ? c->inner->record(c->inner->user, index, r) : 0;
}

static int counted_stop(void *u)
{
    const counted *c = u;
    return c->inner->stop(c->inner->user);
}

int tt_run(const tt_job *job, tt_record *recs, const tt_run_hooks *hooks, char *msg)
{
    if (job->backend == TT_BACKEND_CPU)
        return tt_run_cpu(job, recs, hooks, msg);
    if (job->backend == TT_BACKEND_CUDA)
        return tt_run_cuda(job, recs, hooks, msg);
    /* auto: the GPU when one is usable, else the CPU (the record says which) */
    if (!tt_cuda_usable(NULL))
        return tt_run_cpu(job, recs, hooks, msg);
    counted c = {hooks, 0};
    tt_run_hooks h = {hooks && hooks->progress ? counted_progress : NULL, counted_record, &c,
                      hooks && hooks->stop ? counted_stop : NULL, NULL};
    int st = tt_run_cuda(job, recs, &h, msg);
    if (st != TT_ENOMEM || c.emitted > 0)
        return st;
    /* the device's memory cannot hold this job: the CPU does it, and says so */
    if (hooks && hooks->note) {
        char note[TT_MSG_LEN + 64];
        snprintf(note, sizeof note, "running on the CPU: %s", msg);
        hooks->note(hooks->user, note);
    }
    msg[0] = '\0';
    return tt_run_cpu(job, recs, hooks, msg);
}

const char *tt_auto_note(void)
{
    static char note[TT_MSG_LEN + 64];
    char why[TT_MSG_LEN];
    if (tt_cuda_usable(why) || !tt_cuda_present())
        return NULL; /* a GPU runs it, or the machine has none: nothing to say */
    snprintf(note, sizeof note, "running on the CPU: the GPU is not usable (%s)", why);
    return note;
}

int tt_exact(const tt_job *job, tt_record *recs, char *msg)
{
    const tt_method_desc *d = tt_method_get(job->method);
    if (!d) {
        snprintf(msg, TT_MSG_LEN, "unknown method %d (accepted: %s)", (int)job->method, tt_method_list());
        return TT_EINVAL;
    }
    const char *ref = tt_model_is_normal(&job->model) ? "closed_form" : "quadrature"; /* a data law's atoms: summed */
    for (int g = 0; g < job->ngrid; ++g) {
        tt_record *r = &recs[g];
        tt_record_init(r, job, g);
        tt_record_mark_exact(r, ref);
        double t0 = tt_now();
        int st;
        st = d->exact(job, job->grid[g], r, msg);
        if (st != TT_OK) {
            char why[TT_MSG_LEN + 32];
            snprintf(why, sizeof why, "no reference: %s", msg);
            double *all[] = {&r->E_U, &r->E_V, &r->E_X, d->kl_known ? &r->ess : &r->KL, &r->P, &r->logZ, &r->ess};
            for (size_t k = 0; k < sizeof all / sizeof all[0]; ++k)
                *all[k] = NAN;
            r->reliable = 1;
            tt_record_unreliable(r, why);
            msg[0] = '\0';
        }
        r->wall_s = tt_now() - t0;
        tt_record_check_numbers(r, job);
        /* A reference has no sampling error. */
        double *se[] = {&r->E_U_se, &r->E_V_se, &r->E_X_se, &r->KL_se, &r->P_se, &r->logZ_se};
        double *val[] = {&r->E_U, &r->E_V, &r->E_X, &r->KL, &r->P, &r->logZ};
        for (int k = 0; k < 6; ++k)
            *se[k] = isnan(*val[k]) ? NAN : 0.0;
    }
    return TT_OK;
}
