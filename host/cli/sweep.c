/* sweep.c: expands a sweep into points, skips those already in the results
 * file (--resume), and runs the rest job by job with streaming records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "methods/method.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "cli/sink.h"
#include "io/resume.h"
#include "cli/sweep.h"

/* Samples a job of the given (remaining) grid costs. */
static uint64_t job_samples(const tt_job *j, int exact)
{
    return exact ? 0 : tt_method_get(j->method)->cost(j);
}

/* One line of a dry run: the point and the samples its own pass draws. */
static void point_line(const tt_experiment *e, const tt_job *j, int g, const char *state)
{
    const tt_method_desc *d = tt_method_get(j->method);
    tt_job one = *j;
    one.grid = &j->grid[g];
    one.ngrid = 1;
    printf("%-24s %-9s %-44s %-44s %s=%-10g %12llu %s\n", e->name, d->name, j->error_spec, j->utility_spec,
           d->grid_key, j->grid[g], (unsigned long long)d->cost(&one), state);
}

int tt_sweep_each_job(const tt_sweep *s, const tt_done_set *done, int threads, tt_sweep_job_fn fn, void *user)
{
    for (int x = 0; x < s->nexp; ++x) {
        const tt_experiment *e = &s->exps[x];
        for (int ie = 0; ie < e->def.nerror; ++ie)
            for (int iu = 0; iu < e->def.nutility; ++iu) {
                tt_job full, todo;
                tt_experiment_job(e, ie, iu, &full);
                snprintf(full.config_hash, sizeof full.config_hash, "%s", s->hash);
                if (threads > 0)
                    full.threads = threads;
                if (s->backend_override >= 0)
                    full.backend = s->backend_override;
                if (s->precision_override >= 0)
                    full.precision = s->precision_override;
                todo = full;
                todo.grid = malloc(sizeof(double) * (size_t)full.ngrid);
                todo.ngrid = 0;
                for (int g = 0; g < full.ngrid; ++g) {
                    tt_record r;
                    tt_record_init(&r, &full, g);
                    if (e->def.exact)
                        tt_record_mark_exact(&r, NULL);
                    if (!done || !tt_done_contains(done, r.point_hash))
                        todo.grid[todo.ngrid++] = full.grid[g];
                }
                int st = fn(user, e, ie, iu, &todo, &full);
                free(todo.grid);
                if (st)
                    return st;
            }
    }
    return TT_OK;
}

typedef struct {
    int points, todo_points;
    uint64_t samples;
    int dry;
} tally;

static int count_job(void *user, const tt_experiment *e, int ie, int iu, tt_job *todo, const tt_job *full)
{
    (void)ie;
    (void)iu;
    tally *t = user;
    t->points += full->ngrid;
    t->todo_points += todo->ngrid;
    t->samples += job_samples(todo, e->def.exact);
    if (t->dry)
        for (int g = 0, k = 0; g < full->ngrid; ++g) {
            int pending = k < todo->ngrid && todo->grid[k] == full->grid[g];
            k += pending;
            point_line(e, full, g, pending ? "" : "(done)");
        }
    return TT_OK;
}

typedef struct {
    tt_sink *sink;
    tt_progress *pg;
    char *msg;
    int quiet;
} runner;

static int run_job(void *user, const tt_experiment *e, int ie, int iu, tt_job *todo, const tt_job *full)
{
    (void)ie;
    (void)iu;
    (void)full;
    runner *r = user;
    if (todo->ngrid == 0)
        return TT_OK;
    char label[160];
    snprintf(label, sizeof label, "%s: %s %s + %s", e->name, tt_method_name(todo->method), todo->error_spec,
             todo->utility_spec);
    tt_progress_label(r->pg, label);
    tt_record *recs = calloc((size_t)todo->ngrid, sizeof *recs);
    if (!recs)
        return TT_ENOMEM;
    tt_run_hooks hooks = tt_sink_hooks(r->sink);
    int st;
    if (e->def.exact) {
        st = tt_exact(todo, recs, r->msg);
        for (int g = 0; st == TT_OK && g < todo->ngrid; ++g)
            if (tt_sink_record(r->sink, g, &recs[g]))
                st = TT_EIO;
    } else {
        if (todo->backend == TT_BACKEND_AUTO)
            tt_cli_note_backend(r->quiet);
        st = tt_run(todo, recs, &hooks, r->msg);
    }
    free(recs);
    tt_progress_job_done(r->pg, job_samples(todo, e->def.exact));
    if (st == TT_EIO && r->sink->stop_after && r->sink->written >= r->sink->stop_after) {
        snprintf(r->msg, TT_MSG_LEN, "stopped after %d records (--stop-after)", r->sink->written);
        return TT_EIO;
    }
    if (st == TT_EIO && r->sink->msg[0])
        snprintf(r->msg, TT_MSG_LEN, "%s", r->sink->msg);
    return st;
}

const char *tt_sweep_out(const tt_sweep *s, const tt_sweep_options *o)
{
    return o->out ? o->out : (s->output[0] ? s->output : "-");
}

int tt_sweep_format(const tt_sweep *s, const tt_sweep_options *o)
{
    return o->format >= 0 ? o->format : (s->format >= 0 ? s->format : TT_FORMAT_JSONL);
}

int tt_sweep_open(const tt_sweep *s, const tt_sweep_options *o, tt_writer *w, tt_done_set *done, char *msg)
{
    const char *out = tt_sweep_out(s, o);
    memset(done, 0, sizeof *done);
    if (o->resume && !strcmp(out, "-")) {
        snprintf(msg, TT_MSG_LEN, "--resume needs a results file (--out FILE or 'output' in the config)");
        return TT_EINVAL;
    }
    if (w) { /* the lock first: no other run can add to the file from here on */
        int given = o->format >= 0 || s->format >= 0;
        int st = tt_writer_open(w, out, (tt_format)tt_sweep_format(s, o), given, msg);
        if (st != TT_OK)
            return st;
    }
    if (o->resume) {
        int st = tt_done_load(out, done, msg);
        if (st != TT_OK) {
            if (w)
                tt_writer_close(w, msg + strlen(msg));
            return st;
        }
        if (done->skipped_lines)
            fprintf(stderr, "tailtilt: note: %zu line(s) of '%s' are not whole records and were ignored\n",
                    done->skipped_lines, out);
    }
    return TT_OK;
}

int tt_sweep_run(const tt_sweep *s, const tt_sweep_options *o, char *msg)
{
    tt_writer w;
    tt_done_set done;
    int st = tt_sweep_open(s, o, o->dry_run ? NULL : &w, &done, msg);
    if (st != TT_OK)
        return st;
    tally t = {0, 0, 0, o->dry_run};
    tt_sweep_each_job(s, o->resume ? &done : NULL, o->threads, count_job, &t);
    if (o->dry_run) {
        printf("%d points (%d to run), %llu samples to draw\n", t.points, t.todo_points,
               (unsigned long long)t.samples);
        tt_done_free(&done);
        return TT_OK;
    }
    tt_progress pg;
    tt_progress_init(&pg, !o->quiet, t.samples, t.todo_points);
    tt_sink sink;
    tt_sink_init(&sink, &w, &pg);
    sink.quiet = o->quiet;
    sink.stop_after = o->stop_after;
    runner r = {&sink, &pg, msg, o->quiet};
    st = tt_sweep_each_job(s, o->resume ? &done : NULL, o->threads, run_job, &r);
    tt_progress_finish(&pg);
    char cmsg[TT_MSG_LEN];
    if (tt_writer_close(&w, cmsg) != TT_OK && st == TT_OK) {
        snprintf(msg, TT_MSG_LEN, "%s", cmsg);
        st = TT_EIO;
    }
    tt_done_free(&done);
    return st;
}
