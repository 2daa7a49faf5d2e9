/* mpi.c: a sweep across MPI ranks. Rank 0 opens the results file (or tells
 * every rank why not), hands out points to free ranks and writes every
 * record; a point of at least --split-min samples is cut into chunk ranges
 * that several ranks compute, and rank 0 merges their chunks in chunk order,
 * exactly as one process would: the records do not depend on the number of
 * ranks (apart from timing, threads and rank). A failure on any rank stops
 * every rank within a batch of chunks. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "cli/mpi.h"
#include "cli/progress.h"
#include "cli/sink.h"
#include "core/engine.h"
#include "methods/run.h"

enum { TAG_WORK = 1, TAG_RECORD, TAG_CHUNK, TAG_DONE, TAG_ABORT };
enum { WORK_WHOLE = 1, WORK_RANGE, WORK_STOP };
#define RANGE_CHUNKS 32 /* chunks per range request */

typedef struct {
    int32_t kind, exp, ie, iu, ngrid, unit;
    uint64_t first, last;
} work_head;

typedef struct {
    int exp, ie, iu, ngrid, split;
    double *grid;
    uint64_t samples;
    char what[200];
} unit;

int tt_mpi_launched(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

/* Waits (without spinning a core) until a message from `source` with `tag`
 * (MPI_ANY_TAG, MPI_ANY_SOURCE allowed) is there; fills st. */
static void wait_for(int source, int tag, MPI_Status *st)
{
    for (int flag = 0;;) {
        MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, st);
        if (flag)
            return;
        usleep(500);
    }
}

static int node_local(const char *var, int fallback)
{
    const char *v = getenv(var);
    return v ? atoi(v) : fallback;
}

/* ---------------------------------------------------------------- rank 0 */

typedef struct {
    int nworkers, *busy;          /* per worker rank: unit index, or -1 */
    unit *units;
    int nunits, next_whole;       /* whole units are handed out in order */
    int *is_whole;
    tt_writer *w;
    tt_progress *pg;
    int failed, *aborted;         /* a failure; per worker rank: told to stop */
    char fail_msg[TT_MSG_LEN];
    /* the split point being merged */
    int split_unit;
    const tt_chunk_ops *ops;
    const void *ctx;
    uint64_t nchunks, next_range, next_push, ranges_out;
    unsigned char **pending;      /* chunk results that arrived ahead of their turn */
    tt_merge_stack stack;
} coord;

static int send_work(int dest, const unit *u, int index, int kind, uint64_t first, uint64_t last)
{
    size_t bytes = sizeof(work_head) + sizeof(double) * (size_t)(u ? u->ngrid : 0);
    unsigned char *buf = malloc(bytes);
    work_head h = {kind, u ? u->exp : 0, u ? u->ie : 0, u ? u->iu : 0, u ? u->ngrid : 0, index, first, last};
    memcpy(buf, &h, sizeof h);
    if (u)
        memcpy(buf + sizeof h, u->grid, sizeof(double) * (size_t)u->ngrid);
    int rc = MPI_Send(buf, (int)bytes, MPI_BYTE, dest, TAG_WORK, MPI_COMM_WORLD);
    free(buf);
    return rc;
}

static void assign(coord *c)
{
    for (int r = 1; r <= c->nworkers && !c->failed; ++r) {
        if (c->busy[r] >= 0)
            continue;
        if (c->split_unit >= 0 && c->next_range < c->nchunks) {
            uint64_t last = c->next_range + RANGE_CHUNKS < c->nchunks ? c->next_range + RANGE_CHUNKS : c->nchunks;
            send_work(r, &c->units[c->split_unit], c->split_unit, WORK_RANGE, c->next_range, last);
            c->next_range = last;
            c->busy[r] = c->split_unit;
            continue;
        }
        while (c->next_whole < c->nunits && !c->is_whole[c->next_whole])
            c->next_whole++;
        if (c->next_whole < c->nunits) {
            send_work(r, &c->units[c->next_whole], c->next_whole, WORK_WHOLE, 0, 0);
            c->busy[r] = c->next_whole++;
        }
    }
}

/* Pushes, in chunk order, every chunk result that has arrived. */
static void push_ready(coord *c)
{
    while (c->next_push < c->nchunks && c->pending[c->next_push]) {
        unsigned char *acc = c->pending[c->next_push];
        if (c->ops->collect)
            c->ops->collect(c->ops->state, (uint32_t)c->next_push, acc);
        tt_merge_stack_push(&c->stack, acc, 0);
        free(acc);
        c->pending[c->next_push++] = NULL;
    }
}

/* After a failure: every busy worker is told to stop its unit. */
static void stop_workers(coord *c)
{
    char b = 1;
    for (int r = 1; c->failed && r <= c->nworkers; ++r)
        if (c->busy[r] >= 0 && !c->aborted[r]) {
            MPI_Send(&b, 1, MPI_BYTE, r, TAG_ABORT, MPI_COMM_WORLD);
            c->aborted[r] = 1;
        }
}

/* Receives and handles one message from a worker. */
static void poll_one(coord *c)
{
    MPI_Status s;
    int count;
    wait_for(MPI_ANY_SOURCE, MPI_ANY_TAG, &s);
    MPI_Get_count(&s, MPI_BYTE, &count);
    unsigned char *buf = malloc((size_t)count + 1);
    MPI_Recv(buf, count, MPI_BYTE, s.MPI_SOURCE, s.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    char m[TT_MSG_LEN];
    if (s.MPI_TAG == TAG_RECORD) {
        if (tt_writer_write_line(c->w, (char *)buf, (size_t)count, m) != TT_OK && !c->failed) {
            c->failed = 1;
            snprintf(c->fail_msg, sizeof c->fail_msg, "%s", m);
        }
        tt_progress_point_done(c->pg);
    } else if (s.MPI_TAG == TAG_CHUNK) {
        uint64_t chunk;
        memcpy(&chunk, buf, sizeof chunk);
        if (c->split_unit >= 0 && chunk < c->nchunks && !c->pending[chunk]) {
            c->pending[chunk] = malloc(c->ops->acc_size);
            memcpy(c->pending[chunk], buf + sizeof chunk, c->ops->acc_size);
            push_ready(c);
            tt_progress_update(c->pg, 0, 0);
        }
    } else if (s.MPI_TAG == TAG_DONE) {
        int32_t st;
        memcpy(&st, buf, sizeof st);
        buf[count] = '\0';
        int u = c->busy[s.MPI_SOURCE];
        c->busy[s.MPI_SOURCE] = -1;
        if (st != TT_OK && !c->failed) {
            c->failed = 1;
            snprintf(c->fail_msg, sizeof c->fail_msg, "rank %d failed on %s: %s", s.MPI_SOURCE,
                     u >= 0 ? c->units[u].what : "?", (char *)buf + sizeof st);
        }
    }
    free(buf);
}

/* The engine hook on rank 0: this pass's chunks are computed by the workers. */
static int distribute(void *user, const tt_chunk_ops *ops, const void *ctx, uint64_t nchunks, void *result, char *msg)
{
    coord *c = user;
    c->ops = ops;
    c->ctx = ctx;
    c->nchunks = nchunks;
    c->next_range = c->next_push = 0;
    c->pending = calloc(nchunks, sizeof *c->pending);
    if (!c->pending || tt_merge_stack_init(&c->stack, ops, ctx) != TT_OK)
        return TT_ENOMEM;
    while (c->next_push < nchunks && !c->failed) {
        assign(c);
        poll_one(c);
    }
    stop_workers(c);
    tt_merge_stack_finish(&c->stack, result);
    for (uint64_t i = 0; i < nchunks; ++i)
        free(c->pending[i]);
    free(c->pending);
    c->pending = NULL;
    if (c->failed) {
        snprintf(msg, TT_MSG_LEN, "%s", c->fail_msg);
        return TT_EIO;
    }
    return TT_OK;
}

typedef struct {
    coord *c;
    const tt_sweep *s;
    int cap;
    uint64_t split_min;
    int cuda;
} builder;

static void add_unit(builder *b, const tt_experiment *e, int ie, int iu, const tt_job *todo, const double *grid,
                     int ngrid, uint64_t samples)
{
    coord *c = b->c;
    if (c->nunits == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        c->units = realloc(c->units, sizeof(unit) * (size_t)b->cap);
    }
    unit *u = &c->units[c->nunits++];
    u->exp = (int)(e - b->s->exps);
    u->ie = ie;
    u->iu = iu;
    u->ngrid = ngrid;
    u->grid = malloc(sizeof(double) * (size_t)ngrid);
    memcpy(u->grid, grid, sizeof(double) * (size_t)ngrid);
    u->samples = samples;
    /* split: a chunked pass on the CPU with enough samples */
    const tt_method_desc *d = tt_method_get(todo->method);
    int cpu = todo->backend == TT_BACKEND_CPU || (todo->backend == TT_BACKEND_AUTO && !b->cuda);
    u->split = !e->def.exact && d->splittable(todo) && cpu && samples >= b->split_min;
    snprintf(u->what, sizeof u->what, "%s %s + %s, %s = %g%s", d->name, todo->error_spec, todo->utility_spec,
             d->grid_name, grid[0], ngrid > 1 ? " (and more)" : "");
}

/* Units: a point of its own where the method has one pass per point (best-of-N
 * tournaments, importance-sampled t), else the job's shared pass. */
static int build_units(void *user, const tt_experiment *e, int ie, int iu, tt_job *todo, const tt_job *full)
{
    (void)full;
    builder *b = user;
    const tt_method_desc *d = tt_method_get(todo->method);
    if (todo->ngrid == 0)
        return 0;
    if (!e->def.exact && d->per_point(todo))
        for (int g = 0; g < todo->ngrid; ++g) {
            tt_job one = *todo;
            one.grid = &todo->grid[g];
            one.ngrid = 1;
            add_unit(b, e, ie, iu, todo, &todo->grid[g], 1, d->cost(&one));
        }
    else
        add_unit(b, e, ie, iu, todo, todo->grid, todo->ngrid, e->def.exact ? 0 : d->cost(todo));
    return 0;
}

static void unit_job(const tt_sweep *s, const tt_sweep_options *o, const unit *u, double *grid, tt_job *job)
{
    tt_experiment_job(&s->exps[u->exp], u->ie, u->iu, job);
    snprintf(job->config_hash, sizeof job->config_hash, "%s", s->hash);
    job->grid = grid;
    job->ngrid = u->ngrid;
    if (o->threads > 0)
        job->threads = o->threads;
    if (s->backend_override >= 0)
        job->backend = s->backend_override;
    if (s->precision_override >= 0)
        job->precision = s->precision_override;
}

static int coordinator(const tt_sweep *s, const tt_sweep_options *o, int nranks, uint64_t split_min, tt_writer *wp,
                       tt_done_set *done, char *msg)
{
    tt_writer w = *wp;
    coord c;
    memset(&c, 0, sizeof c);
    c.split_unit = -1;
    char why[TT_MSG_LEN];
    builder b = {&c, s, 0, split_min, tt_cuda_usable(why)};
    tt_sweep_each_job(s, o->resume ? done : NULL, o->threads, build_units, &b);
    tt_done_free(done);
    uint64_t total = 0;
    int points = 0;
    for (int i = 0; i < c.nunits; ++i) {
        total += c.units[i].samples;
        points += c.units[i].ngrid;
    }
    tt_progress pg;
    tt_progress_init(&pg, !o->quiet, total, points);
    c.w = &w;
    c.pg = &pg;
    c.nworkers = nranks - 1;
    c.busy = malloc(sizeof(int) * (size_t)nranks);
    c.aborted = calloc((size_t)nranks, sizeof(int));
    for (int r = 0; r < nranks; ++r)
        c.busy[r] = -1;
    c.is_whole = malloc(sizeof(int) * (size_t)(c.nunits ? c.nunits : 1));
    for (int i = 0; i < c.nunits; ++i)
        c.is_whole[i] = !c.units[i].split;
    for (int i = 0; i < c.nunits && !c.failed; ++i) {
        if (!c.units[i].split)
            continue;
        tt_job job;
        unit_job(s, o, &c.units[i], c.units[i].grid, &job);
        job.backend = TT_BACKEND_CPU;
        tt_record *recs = calloc((size_t)job.ngrid, sizeof *recs);
        tt_sink k;
        tt_sink_init(&k, &w, &pg);
        k.rank = 0;
        tt_run_hooks hooks = {NULL, tt_sink_record, &k, NULL, NULL};
        tt_executor hook = {0, 0, NULL, distribute, &c};
        c.split_unit = i;
        tt_progress_label(&pg, c.units[i].what);
        char m[TT_MSG_LEN] = "";
        int rs = tt_run_with(&job, &tt_backend_cpu, &hooks, &hook, recs, m);
        c.split_unit = -1;
        free(recs);
        tt_progress_job_done(&pg, c.units[i].samples);
        if (rs != TT_OK && !c.failed) {
            c.failed = 1;
            snprintf(c.fail_msg, sizeof c.fail_msg, "%s", m);
        }
    }
    for (;;) { /* the whole units, and the workers still busy */
        assign(&c);
        stop_workers(&c);
        int busy = 0;
        for (int r = 1; r < nranks; ++r)
            busy |= c.busy[r] >= 0;
        if (!busy)
            break;
        poll_one(&c);
    }
    for (int r = 1; r < nranks; ++r)
        send_work(r, NULL, -1, WORK_STOP, 0, 0);
    tt_progress_finish(&pg);
    char cm[TT_MSG_LEN];
    if (tt_writer_close(&w, cm) != TT_OK && !c.failed) {
        c.failed = 1;
        snprintf(c.fail_msg, sizeof c.fail_msg, "%s", cm);
    }
    for (int i = 0; i < c.nunits; ++i)
        free(c.units[i].grid);
    free(c.units);
    free(c.busy);
    free(c.aborted);
    free(c.is_whole);
    if (c.failed) {
        snprintf(msg, TT_MSG_LEN, "%s (the records written so far stay; --resume continues)", c.fail_msg);
        return TT_EIO;
    }
    return TT_OK;
}

/* ---------------------------------------------------------------- workers */

typedef struct {
    int rank;
    tt_format format;
    int aborted;   /* rank 0 asked this unit to stop */
} worker_ctx;

/* The stop hook of a worker's run: rank 0 asked it to stop (another rank
 * failed); once seen, it holds for the rest of the unit. */
static int abort_requested(void *user)
{
    worker_ctx *w = user;
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(0, TAG_ABORT, MPI_COMM_WORLD, &flag, &st);
    if (flag) {
        char b;
        MPI_Recv(&b, 1, MPI_BYTE, 0, TAG_ABORT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        w->aborted = 1;
    }
    return w->aborted;
}

static int send_record(void *user, int index, const tt_record *r)
{
    (void)index;
    worker_ctx *w = user;
    tt_record copy = *r;
    copy.rank = w->rank;
    char *line;
    size_t len;
    if (tt_record_format(&copy, w->format, &line, &len) != TT_OK)
        return 1;
    int rc = MPI_Send(line, (int)len, MPI_BYTE, 0, TAG_RECORD, MPI_COMM_WORLD);
    free(line);
    return rc != MPI_SUCCESS;
}

static int emit_chunk(void *user, uint64_t chunk, const void *acc, size_t size)
{
    (void)user;
    unsigned char *buf = malloc(sizeof chunk + size);
    memcpy(buf, &chunk, sizeof chunk);
    memcpy(buf + sizeof chunk, acc, size);
    int rc = MPI_Send(buf, (int)(sizeof chunk + size), MPI_BYTE, 0, TAG_CHUNK, MPI_COMM_WORLD);
    free(buf);
    return rc != MPI_SUCCESS;
}

static void worker(const tt_sweep *s, const tt_sweep_options *o, int rank, tt_format format)
{
    worker_ctx wc = {rank, format, 0};
    for (;;) {
        MPI_Status st;
        int count;
        wait_for(0, MPI_ANY_TAG, &st);
        if (st.MPI_TAG == TAG_ABORT) { /* late: its unit had already ended */
            char b;
            MPI_Recv(&b, 1, MPI_BYTE, 0, TAG_ABORT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            continue;
        }
        MPI_Get_count(&st, MPI_BYTE, &count);
        unsigned char *buf = malloc((size_t)count);
        MPI_Recv(buf, count, MPI_BYTE, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        work_head h;
        memcpy(&h, buf, sizeof h);
        if (h.kind == WORK_STOP) {
            free(buf);
            return;
        }
        unit u = {h.exp, h.ie, h.iu, h.ngrid, 0, NULL, 0, ""};
        wc.aborted = 0;
        double *grid = malloc(sizeof(double) * (size_t)h.ngrid);
        memcpy(grid, buf + sizeof h, sizeof(double) * (size_t)h.ngrid);
        free(buf);
        tt_job job;
        unit_job(s, o, &u, grid, &job);
        tt_record *recs = calloc((size_t)job.ngrid, sizeof *recs);
        char msg[TT_MSG_LEN] = "";
        int status;
        const char *fail = getenv("TT_TEST_FAIL_RANK"); /* fault injection for the tests */
        if (fail && atoi(fail) == rank) {
            snprintf(msg, TT_MSG_LEN, "injected failure (TT_TEST_FAIL_RANK=%d)", rank);
            status = TT_EIO;
        } else if (h.kind == WORK_WHOLE && s->exps[h.exp].def.exact) {
            status = tt_exact(&job, recs, msg);
            for (int g = 0; status == TT_OK && g < job.ngrid; ++g)
                if (send_record(&wc, g, &recs[g]))
                    status = TT_EIO;
        } else if (h.kind == WORK_WHOLE) {
            tt_run_hooks hooks = {NULL, send_record, &wc, abort_requested, NULL};
            status = tt_run(&job, recs, &hooks, msg);
        } else {
            tt_executor hook = {h.first, h.last, emit_chunk, NULL, NULL};
            tt_run_hooks hooks = {NULL, NULL, &wc, abort_requested, NULL};
            job.backend = TT_BACKEND_CPU;
            status = tt_run_with(&job, &tt_backend_cpu, &hooks, &hook, recs, msg);
            if (status == TT_SERVED)
                status = TT_OK;
        }
        free(recs);
        free(grid);
        size_t len = sizeof(int32_t) + strlen(msg) + 1;
        unsigned char *done = malloc(len);
        int32_t st32 = status;
        memcpy(done, &st32, sizeof st32);
        memcpy(done + sizeof st32, msg, strlen(msg) + 1);
        MPI_Send(done, (int)len, MPI_BYTE, 0, TAG_DONE, MPI_COMM_WORLD);
        free(done);
    }
}

int tt_mpi_sweep(const tt_sweep *s, const tt_sweep_options *o, uint64_t split_min, char *msg)
{
    int provided, rank, size;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int st = TT_OK;
    tt_sweep_options opt = *o;
    if (opt.threads <= 0) { /* share the node's cores among its ranks */
        int local = node_local("OMPI_COMM_WORLD_LOCAL_SIZE", node_local("SLURM_NTASKS_PER_NODE", 1));
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        opt.threads = (int)(cores / (local > 0 ? local : 1));
        if (opt.threads < 1)
            opt.threads = 1;
    }
    tt_cuda_bind(node_local("OMPI_COMM_WORLD_LOCAL_RANK", node_local("SLURM_LOCALID", 0)));
    if (size == 1 || o->dry_run) {
        st = rank == 0 ? tt_sweep_run(s, &opt, msg) : TT_OK;
    } else {
        /* rank 0 opens the results file and tells every rank whether to go
         * on, and in which format records are written */
        tt_writer w;
        tt_done_set done = {0};
        int go[2] = {TT_OK, TT_FORMAT_JSONL};
        if (rank == 0) {
            go[0] = tt_sweep_open(s, &opt, &w, &done, msg);
            go[1] = go[0] == TT_OK ? (int)w.format : TT_FORMAT_JSONL;
        }
        MPI_Bcast(go, 2, MPI_INT, 0, MPI_COMM_WORLD);
        st = go[0];
        if (st == TT_OK && rank == 0) {
            tt_cli_note_backend(opt.quiet);
            st = coordinator(s, &opt, size, split_min, &w, &done, msg);
        }
        else if (st == TT_OK)
            worker(s, &opt, rank, (tt_format)go[1]);
    }
    if (rank == 0 && st != TT_OK) {
        fprintf(stderr, "tailtilt: error: %s\n", msg[0] ? msg : tt_strerror(st));
        fflush(stderr);
    }
    MPI_Finalize();
    int code = st == TT_OK ? 0 : st == TT_EINVAL ? 2 : 1;
    return rank == 0 || code != 0 ? code : 0;
}
