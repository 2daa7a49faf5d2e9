/* test_block.c: the kernels' block logic (kernels/block_steps.h) run on the
 * CPU thread by thread, in lockstep between barriers, on the kernels' own
 * inputs: each chunk's k-hat lists and bound against the CPU backend's
 * k-hat; the grid merge tree against the host merge stack; the weights'
 * fixed-partition scan against a sequential sum; a single-precision tilting
 * block's batches and a warp's best-of-n tournaments against the CPU
 * backend's records. Each shared-memory phase is run with
 * its threads in forward and in reverse order: a race between them (two
 * threads touching one slot within a phase) shows as a difference. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/khat.h"
#include "block_steps.h"
#include "core/engine.h"
#include "core/stream.h"
#include "job_util.h"

#define TILE 256 /* the tilting kernels' threads per block (params_pass.cu) */

/* The tests' own inputs: a 64-bit LCG's next state. */
static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s;
}

/* ---- k-hat: per-thread lists, bitonic sort, the bound ---- */

/* One chunk of a tilting kernel: thread t's samples are t, t + TILE, ... (the
 * double kernel's tiles) or t*TT_BATCH, ... (the single kernel's batches);
 * returns the chunk's bound, its topk list in out. `reverse`: threads of
 * each phase in reverse order. */
static double chunk_topk(const tt_job *j, int single, uint32_t chunk, uint32_t count, int topk, double *out,
                         int reverse, int *old_flag)
{
    static double mine[TILE][TT_MINE_SLOTS], cand[TT_MINE * TILE], bounds[TILE];
    tt_philox_key key = tt_philox_key_from_seed(j->seed);
    uint32_t point = tt_stream_model(j);
    for (int t = 0; t < TILE; ++t)
        tt_mine_init(mine[t]);
    for (uint32_t s = 0; s < count; ++s) {
        int t = single ? (int)(s / TT_BATCH) : (int)(s % TILE);
        double u;
        if (single) {
            tt_outcome_f o = tt_model_draw_f(&j->model, key, point, chunk, s, 0);
            u = (double)(o.x + o.v);
        } else {
            tt_outcome o = tt_model_draw(&j->model, key, point, chunk, s, 0);
            u = o.x + o.v;
        }
        tt_mine_offer(mine[t], u);
    }
    /* tt_block_topk, barrier by barrier */
    for (int k = 0; k < TILE; ++k) {
        int t = reverse ? TILE - 1 - k : k;
        tt_topk_load(mine[t], cand, bounds, t);
    }
    for (int size = 2; size <= TT_MINE * TILE; size <<= 1)
        for (int stride = size >> 1; stride > 0; stride >>= 1)
            for (int k = 0; k < TILE; ++k)
                tt_bitonic_phase(cand, TT_MINE * TILE, size, stride, reverse ? TILE - 1 - k : k, TILE);
    memcpy(out, cand, sizeof(double) * (size_t)topk);
    /* the former per-chunk flag: a thread's full list reaching the chunk's topk-th */
    *old_flag = 0;
    for (int t = 0; t < TILE; ++t)
        *old_flag |= mine[t][TT_MINE - 1] > -INFINITY && mine[t][TT_MINE - 1] >= cand[topk - 1];
    for (int stride = TILE / 2; stride > 0; stride >>= 1)
        for (int k = 0; k < TILE; ++k)
            tt_max_step(bounds, stride, reverse ? TILE - 1 - k : k, TILE);
    double largest = -INFINITY; /* the max tree's answer, directly */
    for (int t = 0; t < TILE; ++t)
        largest = fmax(largest, mine[t][TT_MINE]);
    cr_assert_eq(bounds[0], largest, "chunk %u: the max tree gives %.17g, the threads' largest bound %.17g", chunk,
                 bounds[0], largest);
    return bounds[0];
}

/* A tilting pass's k-hat as the device computes it (lists and bounds per
 * chunk into a pool), for each beta of the job; returns the chunks the old
 * flag would have marked. */
static int device_khat(const tt_job *j, int single, double *khat, int reverse)
{
    tt_khat_pool pool;
    cr_assert_eq(tt_khat_pool_init(&pool, j->samples), TT_OK);
    int per = tt_khat_per_chunk(j->samples, pool.cap, 1024), flagged = 0;
    double *list = malloc(sizeof(double) * (size_t)per);
    uint64_t nchunks = tt_chunk_count(j->samples, TT_CHUNK_SAMPLES);
    for (uint64_t c = 0; c < nchunks; ++c) {
        uint32_t count = tt_chunk_items((uint32_t)c, TT_CHUNK_SAMPLES, j->samples);
        int flag;
        double bound = chunk_topk(j, single, (uint32_t)c, count, per, list, reverse, &flag);
        flagged += flag;
        tt_khat_pool_offer_device_list(&pool, list, per, bound); /* as the CUDA backend offers it */
    }
    int exact = tt_khat_pool_exact(&pool);
    tt_khat_pool_sort(&pool);
    for (int g = 0; g < j->ngrid; ++g)
        khat[g] = exact && pool.ntop >= 6 ? tt_khat_of_tilt(pool.top, pool.ntop, j->grid[g]) : NAN;
    free(list);
    tt_khat_pool_free(&pool);
    return flagged;
}

/* The GPU test's tilting job (46 chunks): the old flag marks chunks that are
 * in fact exact, so the device's k-hat would have been null; the bound keeps
 * it, equal to the CPU backend's, in both precisions. */
Test(block, khat_lists_and_bound_match_the_cpu)
{
    for (int single = 0; single < 2; ++single) {
        tt_job j = tt_test_job(TT_TILT, "normal()", "normal(scale=2)", "0.5,1,2,4", 3000001, 99);
        j.precision = single ? TT_PRECISION_SINGLE : TT_PRECISION_DOUBLE;
        tt_record cpu[4];
        char msg[TT_MSG_LEN];
        cr_assert_eq(tt_run_cpu(&j, cpu, NULL, msg), TT_OK, "%s", msg);
        double dev[4], rev[4];
        int flagged = device_khat(&j, single, dev, 0);
        device_khat(&j, single, rev, 1);
        cr_expect_gt(flagged, 0, "the old flag fires on none of the chunks: the check below proves nothing");
        for (int g = 0; g < 4; ++g) {
            cr_expect(isfinite(cpu[g].khat), "beta %g: the CPU has no k-hat", j.grid[g]);
            cr_expect_eq(dev[g], cpu[g].khat, "%s beta %g: device k-hat %.17g, CPU %.17g", single ? "single" : "double",
                         j.grid[g], dev[g], cpu[g].khat);
            cr_expect_eq(memcmp(&dev[g], &rev[g], sizeof dev[g]), 0, "thread order changes k-hat");
        }
        free(j.grid);
    }
}

/* ---- the grid merge tree against the host merge stack ---- */

static void bacc_init(const void *ctx, void *a) { (void)ctx; tt_tilt_bacc_init(a); }
static void bacc_merge(const void *ctx, void *d, const void *s) { (void)ctx; tt_tilt_bacc_merge(d, s); }
/* the host's merge stack of single-precision tilting accumulators */
static const tt_chunk_ops bacc_ops = {sizeof(tt_tilt_bacc), bacc_init, NULL, bacc_merge, NULL, NULL};

Test(block, merge_tree_is_the_merge_stack)
{
    enum { LEVEL = 7, NB = 1 << LEVEL, P = 3 };
    static tt_tilt_bacc orig[NB * P], acc[NB * P], rev[NB * P];
    uint64_t rng = 12345;
    for (int i = 0; i < NB * P; ++i) { /* batches in scattered frames */
        tt_tilt_bacc_init(&orig[i]);
        for (int b = 0; b < 3; ++b) {
            double r = (double)(lcg(&rng) >> 11) * 0x1p-53;
            tt_tilt_bacc_add_batch(&orig[i], 256, 10 * r, 10 * r, 1 + r, r - 0.5, 2 * r, 0.5 + r);
        }
    }
    memcpy(acc, orig, sizeof acc);
    memcpy(rev, orig, sizeof rev);
    for (uint32_t step = 1; step < NB; step *= 2) { /* one kernel launch per step, its threads in either order */
        uint64_t work = (uint64_t)(NB / (2 * step)) * P, left, right;
        for (uint64_t k = 0; k < work; ++k) {
            if (tt_merge_pair(k, P, NB, step, &left, &right))
                tt_tilt_bacc_merge(&acc[left], &acc[right]);
            if (tt_merge_pair(work - 1 - k, P, NB, step, &left, &right))
                tt_tilt_bacc_merge(&rev[left], &rev[right]);
        }
    }
    /* the host: each parameter's blocks pushed in order into a merge stack */
    for (int p = 0; p < P; ++p) {
        tt_merge_stack stack;
        tt_tilt_bacc host;
        cr_assert_eq(tt_merge_stack_init(&stack, &bacc_ops, NULL), TT_OK);
        for (int b = 0; b < NB; ++b) {
            tt_tilt_bacc one = orig[b * P + p];
            tt_merge_stack_push(&stack, &one, 0);
        }
        tt_merge_stack_finish(&stack, &host);
        cr_expect_eq(memcmp(&host, &acc[p], sizeof host), 0, "parameter %d: the tree differs from the merge stack", p);
        cr_expect_eq(memcmp(&acc[p], &rev[p], sizeof host), 0, "parameter %d: thread order changes the tree", p);
    }
}

/* ---- the fixed-partition scan (bon_weighted.cu's kernels, phase by phase) ---- */

static void scan_emulated(const double *in, uint64_t n, double *out, int reverse)
{
    uint64_t nblocks = (n + TT_SCAN_BLOCK - 1) / TT_SCAN_BLOCK;
    double *totals = malloc(sizeof(double) * nblocks), a[TT_SCAN_BLOCK], t[TT_SCAN_THREADS];
    const int threads = TT_SCAN_BLOCK / 2;
#define EACH(T) for (int k_ = 0, tid = reverse ? (T) - 1 : 0; k_ < (T); ++k_, tid += reverse ? -1 : 1)
    for (uint64_t b = 0; b < nblocks; ++b) { /* scan_blocks */
        uint64_t base = b * TT_SCAN_BLOCK;
        for (int i = 0; i < TT_SCAN_BLOCK; ++i)
            a[i] = base + (uint64_t)i < n ? in[base + (uint64_t)i] : 0.0;
        for (int d = 1; d < TT_SCAN_BLOCK; d <<= 1)
            EACH(threads) tt_scan_up(a, TT_SCAN_BLOCK, d, tid, threads);
        totals[b] = a[TT_SCAN_BLOCK - 1];
        a[TT_SCAN_BLOCK - 1] = 0.0;
        for (int d = TT_SCAN_BLOCK / 2; d > 0; d >>= 1)
            EACH(threads) tt_scan_down(a, TT_SCAN_BLOCK, d, tid, threads);
        for (int i = 0; i < TT_SCAN_BLOCK; ++i)
            if (base + (uint64_t)i < n)
                out[base + (uint64_t)i] = a[i];
    }
    uint64_t first[TT_SCAN_THREADS], end[TT_SCAN_THREADS]; /* scan_totals */
    EACH(TT_SCAN_THREADS) {
        tt_scan_range(nblocks, tid, &first[tid], &end[tid]);
        double sum = 0.0;
        for (uint64_t i = first[tid]; i < end[tid]; ++i)
            sum += totals[i];
        t[tid] = sum;
    }
    for (int d = 1; d < TT_SCAN_THREADS; d <<= 1)
        EACH(TT_SCAN_THREADS) tt_scan_up(t, TT_SCAN_THREADS, d, tid, TT_SCAN_THREADS);
    t[TT_SCAN_THREADS - 1] = 0.0;
    for (int d = TT_SCAN_THREADS / 2; d > 0; d >>= 1)
        EACH(TT_SCAN_THREADS) tt_scan_down(t, TT_SCAN_THREADS, d, tid, TT_SCAN_THREADS);
    EACH(TT_SCAN_THREADS) {
        double run = t[tid];
        for (uint64_t i = first[tid]; i < end[tid]; ++i) {
            double x = totals[i];
            totals[i] = run;
            run += x;
        }
    }
    for (uint64_t i = 0; i < n; ++i) /* scan_offsets */
        out[i] += totals[i / TT_SCAN_BLOCK];
#undef EACH
    free(totals);
}

Test(block, fixed_partition_scan)
{
    const uint64_t n = 1000003; /* not a multiple of the block; 1954 blocks over 1024 threads' ranges */
    double *w = malloc(sizeof(double) * n), *fwd = malloc(sizeof(double) * n), *bwd = malloc(sizeof(double) * n);
    uint64_t rng = 7;
    for (uint64_t i = 0; i < n; ++i) {
        w[i] = exp(-20.0 * (double)(lcg(&rng) >> 11) * 0x1p-53); /* weights over 9 decades */
    }
    scan_emulated(w, n, fwd, 0);
    scan_emulated(w, n, bwd, 1);
    cr_expect_eq(memcmp(fwd, bwd, sizeof(double) * n), 0, "thread order changes the scan");
    long double run = 0;
    double worst = 0;
    for (uint64_t i = 0; i < n; ++i) {
        worst = fmax(worst, fabs(fwd[i] - (double)run) / fmax((double)run, 1e-300));
        run += w[i];
    }
    cr_expect_lt(worst, 1e-14, "scan differs from the sequential sum by %g", worst);
    free(w), free(fwd), free(bwd);
}

/* ---- a single-precision tilting block, emulated, against the CPU backend ----
 * Every chunk: TILE threads, each its batch through tt_tilt_thread_add, then
 * beta by beta the batches through tt_block_merge_tree's pairs; chunks through
 * the merge stack. The device's algorithm (its frame, its rescaling, its
 * merges) must give the CPU backend's single records to 1e-6. */
static void emulate_tilt_single(const tt_job *j, tt_tilt_bacc *out)
{
    static tt_tilt_thread th[TILE];
    static tt_tilt_bacc red[TILE];
    int P = j->ngrid;
    double inv_beta[TT_TILT_BETAS];
    for (int p = 0; p < P; ++p)
        inv_beta[p] = 1.0 / j->grid[p];
    tt_tilt_rates rates;
    tt_tilt_rates_init(&rates, inv_beta, P, j->model.error.reach + j->model.utility.reach);
    tt_philox_key key = tt_philox_key_from_seed(j->seed);
    uint32_t point = tt_stream_model(j);
    tt_merge_stack stack[TT_TILT_BETAS];
    for (int p = 0; p < P; ++p)
        cr_assert_eq(tt_merge_stack_init(&stack[p], &bacc_ops, NULL), TT_OK);
    uint64_t nchunks = tt_chunk_count(j->samples, TT_CHUNK_SAMPLES);
    for (uint64_t c = 0; c < nchunks; ++c) {
        uint32_t count = tt_chunk_items((uint32_t)c, TT_CHUNK_SAMPLES, j->samples);
        for (int t = 0; t < TILE; ++t) {
            tt_tilt_thread_init(&th[t]);
            for (uint32_t s = (uint32_t)t * TT_BATCH; s < (uint32_t)(t + 1) * TT_BATCH && s < count; ++s) {
                tt_outcome_f o = tt_model_draw_f(&j->model, key, point, (uint32_t)c, s, 0);
                tt_tilt_thread_add(&th[t], &rates, o.x + o.v, o.v, o.x);
            }
        }
        for (int p = 0; p < P; ++p) {
            for (int t = 0; t < TILE; ++t)
                tt_tilt_thread_batch(&th[t], rates.b2, p, &red[t]);
            for (int step = 1; step < TILE; step <<= 1) /* tt_block_merge_tree */
                for (int t = 0; t < TILE; ++t) {
                    int i;
                    if (tt_tree_pair(step, t, TILE, &i))
                        tt_tilt_bacc_merge(&red[i], &red[i + step]);
                }
            tt_merge_stack_push(&stack[p], &red[0], 0);
        }
    }
    for (int p = 0; p < P; ++p)
        tt_merge_stack_finish(&stack[p], &out[p]);
}

Test(block, single_tilting_block_matches_the_cpu)
{
    const char *errors[] = {"normal()", "student_t(df=5)"};
    for (int e = 0; e < 2; ++e) {
        tt_job j = tt_test_job(TT_TILT, errors[e], "normal(scale=2)", "0.3,1,4", 1000001, 17);
        tt_record cpu[3];
        char msg[TT_MSG_LEN];
        cr_assert_eq(tt_run_cpu(&j, cpu, NULL, msg), TT_OK, "%s", msg);
        tt_tilt_bacc dev[3];
        emulate_tilt_single(&j, dev);
        for (int p = 0; p < 3; ++p) {
            const tt_tilt_bacc *a = &dev[p];
            double ev = a->swv / a->sw, eu = (a->swv + a->swx) / a->sw, logz = a->shift + log(a->sw / (double)a->n);
            cr_expect_eq(a->n, j.samples);
            cr_expect_eq(a->batches, (j.samples + TT_BATCH - 1) / TT_BATCH);
            cr_expect_lt(fabs(ev - cpu[p].E_V), 1e-6 * fabs(cpu[p].E_V) + 1e-9, "%s beta %g: E_V %.9g vs %.9g",
                         errors[e], j.grid[p], ev, cpu[p].E_V);
            cr_expect_lt(fabs(eu - cpu[p].E_U), 1e-6 * fabs(cpu[p].E_U) + 1e-9, "%s beta %g: E_U %.9g vs %.9g",
                         errors[e], j.grid[p], eu, cpu[p].E_U);
            cr_expect_lt(fabs(logz - cpu[p].logZ), 1e-6 * fabs(cpu[p].logZ) + 1e-9, "%s beta %g: logZ %.9g vs %.9g",
                         errors[e], j.grid[p], logz, cpu[p].logZ);
        }
        free(j.grid);
    }
}

/* ---- best-of-n: a warp's tournament, lane by lane ---- */

/* A trial as bon_pass.cu runs it: lane l offers draws l, l + 32, ...; then
 * the shuffle tree, lane i taking lane i + off's leader (its own where i +
 * off is past the warp, as __shfl_down_sync gives), each lane reading the
 * step's old values, as a shuffle does. */
static tt_best_f warp_leader(const float *u, const float *v, const float *x, uint32_t n)
{
    tt_best_f lane[32], old[32];
    for (int l = 0; l < 32; ++l) {
        tt_best_init_f(&lane[l]);
        for (uint32_t j = (uint32_t)l; j < n; j += 32)
            tt_best_offer_f(&lane[l], u[j], v[j], x[j], j);
    }
    for (int off = 16; off > 0; off /= 2) {
        memcpy(old, lane, sizeof lane);
        for (int i = 0; i < 32; ++i)
            tt_best_take_f(&lane[i], &old[i + off < 32 ? i + off : i]);
    }
    return lane[0];
}

/* Ties: the leader is the first draw among the largest, whatever lane holds it. */
Test(block, tournament_leader_is_the_first_largest)
{
    static float u[1000], v[1000], x[1000];
    uint64_t rng = 12345;
    for (uint32_t n = 1; n <= 1000; n += 37) {
        for (uint32_t j = 0; j < n; ++j) {
            u[j] = (float)(lcg(&rng) >> 61); /* 8 values: many ties */
            v[j] = (float)j;
            x[j] = (float)(n - j);
        }
        uint32_t first = 0;
        for (uint32_t j = 1; j < n; ++j)
            if (u[j] > u[first])
                first = j;
        tt_best_f b = warp_leader(u, v, x, n);
        cr_expect_eq(b.j, first, "n = %u: leader %u, the first largest is %u", n, b.j, first);
        cr_expect(b.u == u[first] && b.v == v[first] && b.x == x[first], "n = %u: the leader's outcome", n);
    }
}

/* On the kernel's own draws (single precision), the leaders' sums are the
 * CPU backend's, to the order of the sums. */
Test(block, tournaments_match_the_cpu)
{
    static float u[4096], v[4096], x[4096];
    const char *errors[] = {"normal()", "student_t(df=3)"};
    for (int e = 0; e < 2; ++e) {
        tt_job j = tt_test_job(TT_BON, errors[e], "normal(scale=2)", "1,33,1000", 3001, 23);
        j.precision = TT_PRECISION_SINGLE;
        tt_record cpu[3];
        char msg[TT_MSG_LEN];
        cr_assert_eq(tt_run_cpu(&j, cpu, NULL, msg), TT_OK, "%s", msg);
        tt_philox_key key = tt_philox_key_from_seed(j.seed);
        uint32_t calls = tt_model_calls(&j.model);
        for (int g = 0; g < j.ngrid; ++g) {
            uint32_t n = (uint32_t)j.grid[g], point = tt_stream_model_n(&j, j.grid[g]);
            uint32_t tpc = tt_bon_trials_per_chunk(n);
            tt_sums3 s;
            tt_sums3_init(&s);
            for (uint64_t c = 0; c < tt_chunk_count(j.trials, tpc); ++c)
                for (uint32_t t = 0; t < tt_chunk_items(c, tpc, j.trials); ++t) {
                    for (uint32_t k = 0; k < n; ++k) {
                        tt_outcome_f o = tt_model_draw_f(&j.model, key, point, (uint32_t)c, t, k * calls);
                        u[k] = o.x + o.v, v[k] = o.v, x[k] = o.x;
                    }
                    tt_best_f b = warp_leader(u, v, x, n);
                    tt_sums3_add(&s, b.u, b.v, b.x);
                }
            cr_expect_eq(s.n, j.trials);
            cr_expect_lt(fabs(s.sv / (double)s.n - cpu[g].E_V), 1e-15 * (1 + fabs(cpu[g].E_V)),
                         "%s, N = %u: E_V %.17g vs %.17g", errors[e], n, s.sv / (double)s.n, cpu[g].E_V);
            cr_expect_lt(fabs(s.su / (double)s.n - cpu[g].E_U), 1e-15 * (1 + fabs(cpu[g].E_U)),
                         "%s, N = %u: E_U %.17g vs %.17g", errors[e], n, s.su / (double)s.n, cpu[g].E_U);
        }
        free(j.grid);
    }
}
