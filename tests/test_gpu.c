/* test_gpu.c: the CUDA backend against the CPU's: the raw Philox stream bit
 * for bit, every method's records in both precisions (1e-9 relative in
 * double, 1e-6 in single) on the same seed, GPU runs bit-identical across
 * runs and grid sizes, and clear refusals. Label gpu: skipped without a
 * device (tests/gpu_probe.c). Criterion forks every test, so each
 * initialises CUDA in its own process. */
#include <criterion/criterion.h>
#include <cuda_runtime_api.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "backends/backend.h"
#include "job_util.h"
#include "tt_cuda.h"

Test(gpu, philox_stream_equals_host)
{
    enum { N = 1 << 16 };
    static tt_philox_ctr ctr[N], out[N];
    tt_philox_key key = tt_philox_key_from_seed(0x243f6a8885a308d3ull);
    for (int i = 0; i < N; ++i)
        ctr[i] = tt_philox_counter((uint32_t)i * 2654435761u, (uint32_t)i >> 3, (uint32_t)i, (uint32_t)i * 7u);
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_cuda_philox(key, ctr, N, out, msg), 0, "%s", msg);
    for (int i = 0; i < N; ++i) {
        tt_philox_ctr h = tt_philox4x32_10(ctr[i], key);
        cr_assert(memcmp(&h, &out[i], sizeof h) == 0, "counter %d differs", i);
    }
}

static double rel(double a, double b)
{
    if (isnan(a) && isnan(b)) return 0;
    return fabs(a - b) / fmax(fabs(b), 1e-300);
}

/* GPU and CPU draw the same outcomes through the same functions; they differ
 * only in the order of the sums, in fused multiply-adds and (in float) in the
 * device's hardware reciprocal, square root, tail log and weight exponent:
 * in double the records agree to 1e-9 relative, in single the estimates to
 * 1e-6 (the precision contract) and the errors and diagnostics to 1e-4.
 * Best-of-N can differ more when two draws of a trial tie within rounding
 * (never seen here). Two GPU runs, and a run on another grid size, are
 * bit-identical. */
static void compare_job(tt_job j, int has_single);

static void compare(tt_method m, const char *error, const char *grid, uint64_t n)
{
    compare_job(tt_test_job(m, error, "normal(scale=2)", grid, n, 99), 1);
}

static void compare_in(tt_job j, int precision, const char *expect)
{
    tt_method m = j.method;
    /* one record per grid point: up to 160 here */
    tt_record *cpu = calloc(4 * (size_t)j.ngrid, sizeof *cpu);
    cr_assert(cpu != NULL);
    tt_record *gpu = cpu + j.ngrid, *again = gpu + j.ngrid, *regrid = again + j.ngrid;
    char msg[TT_MSG_LEN];
    j.precision = precision;
    cr_assert_eq(tt_run_cpu(&j, cpu, NULL, msg), TT_OK, "%s", msg);
    j.backend = TT_BACKEND_CUDA;
    cr_assert_eq(tt_run(&j, gpu, NULL, msg), TT_OK, "%s", msg);
    cr_assert_eq(tt_run(&j, again, NULL, msg), TT_OK, "%s", msg);
    setenv("TT_CUDA_GRID_BLOCKS", "7", 1); /* another grid: the same records */
    cr_assert_eq(tt_run(&j, regrid, NULL, msg), TT_OK, "%s", msg);
    unsetenv("TT_CUDA_GRID_BLOCKS");
    cr_assert_str_eq(cpu[0].precision, expect, "%s asked in %s", tt_method_name(m),
                     precision == TT_PRECISION_SINGLE ? "single" : "double");
    int single = !strcmp(expect, "single");
    for (int g = 0; g < j.ngrid; ++g) {
        cr_expect_str_eq(gpu[g].backend, "cuda");
        cr_expect_str_eq(gpu[g].precision, cpu[g].precision);
#define FIELDS(r) {r.E_U, r.E_V, r.E_X, r.KL, r.P, r.logZ, r.E_V_se, r.E_V_half, r.E_V_se_batch, r.E_V_chunk_sd, r.khat}
        double c[] = FIELDS(cpu[g]), d[] = FIELDS(gpu[g]), e[] = FIELDS(again[g]), f[] = FIELDS(regrid[g]);
#undef FIELDS
        for (int k = 0; k < (int)(sizeof c / sizeof c[0]); ++k) {
            double tol = !single ? 1e-9 : k < 6 || k == 7 ? 1e-6 : 1e-4; /* estimates; errors, diagnostics */
            cr_expect(rel(d[k], c[k]) < tol || fabs(d[k] - c[k]) < 1e-12, "%s %s (%s) at %g, field %d: gpu %.17g cpu %.17g",
                      tt_method_name(m), j.error_spec, cpu[g].precision, j.grid[g], k, d[k], c[k]);
        }
        cr_expect(memcmp(d, e, sizeof d) == 0, "%s: two GPU runs differ", tt_method_name(m));
        cr_expect(memcmp(d, f, sizeof d) == 0, "%s: another grid size changes the records", tt_method_name(m));
    }
    free(cpu);
}

/* Both precisions asked; has_single 0: the passes that run in double
 * whatever is asked (importance sampling, weighted best-of-N), which their
 * records must say. */
static void compare_job(tt_job j, int has_single)
{
    compare_in(j, TT_PRECISION_DOUBLE, "double");
    compare_in(j, TT_PRECISION_SINGLE, has_single ? "single" : "double");
    free(j.grid);
}

/* tilt: the estimates and the diagnostics (k-hat, first half, batch means);
 * 20 betas: two groups in single precision */
Test(gpu, tilt_matches_cpu)
{
    compare(TT_TILT, "normal()", "0.5,1,2,4", 3000001);
    compare(TT_TILT, "student_t(df=5)", "lin:0.5:10:20", 1000001);
}
/* 4 thresholds, and 160 (one thread each: its float partials flushed within a tile) */
Test(gpu, threshold_matches_cpu)
{
    compare(TT_THRESHOLD, "student_t(df=3)", "0,2,5,10", 3000001);
    compare(TT_THRESHOLD, "student_t(df=3)", "lin:-4:12:160", 1000001);
}
Test(gpu, construct_matches_cpu) { compare(TT_CONSTRUCT, "student_t(df=3)", "2,5,10", 3000001); }
Test(gpu, bon_matches_cpu) { compare(TT_BON, "student_t(df=3)", "1,16,1024", 3001); }

/* importance sampling from the mixture (every component: the tails, the
 * normal tilt, the shared exponential-type one), with the weights' k-hat */
Test(gpu, importance_sampled_matches_cpu)
{
    tt_job j = tt_test_job(TT_THRESHOLD, "student_t(df=3)", "normal()", "30,1000", 2000001, 5);
    j.proposal = TT_PROPOSAL_MIXTURE;
    compare_job(j, 0);
    j = tt_test_job(TT_THRESHOLD, "lognormal(sigma=0.6931471805599453, loc=-1)",
                    "student_t(df=10, standardize=true, scale=2)", "10,1000", 2000001, 5);
    j.proposal = TT_PROPOSAL_MIXTURE;
    compare_job(j, 0);
    j = tt_test_job(TT_THRESHOLD, "exponential()", "laplace(scale=0.5)", "25", 2000001, 5);
    j.proposal = TT_PROPOSAL_MIXTURE;
    compare_job(j, 0);
    j = tt_test_job(TT_CONSTRUCT, "normal()", "normal()", "5,8", 2000001, 6);
    j.proposal = TT_PROPOSAL_TILT;
    compare_job(j, 0);
}

/* The test data: $TT_TEST_DATA where set (a bundle run on another machine:
 * bench/gpu_check.sh), else the source tree's. */
static const char *test_data(void)
{
    const char *d = getenv("TT_TEST_DATA");
    return d && *d ? d : TT_TEST_DATA;
}

Test(gpu, empirical_matches_cpu)
{
    char spec[256];
    snprintf(spec, sizeof spec, "empirical(file=%s/starling_random_rewards.npy, tail=gpd)", test_data());
    compare(TT_BON, spec, "1,1024", 2001);
    compare(TT_TILT, spec, "1,3", 1000001);
}

Test(gpu, large_point_counts)
{
    /* 2^33 + 3 samples: 64-bit counts, many aligned blocks and a ragged end */
    tt_job j = tt_test_job(TT_THRESHOLD, "normal()", "normal()", "0", 8589934595ull, 1);
    j.backend = TT_BACKEND_CUDA;
    tt_record r;
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_run(&j, &r, NULL, msg), TT_OK, "%s", msg);
    cr_expect_eq(r.samples, 8589934595ll);
    cr_expect_lt(fabs(r.P - 0.5), 5 * r.P_se);
    free(j.grid);
}

/* the weighted best-of-N: the device's radix sort against the host's */
Test(gpu, weighted_bon_matches_cpu)
{
    tt_job j = tt_test_job(TT_BON, "student_t(df=3)", "normal()", "1,64,4096", 1000003, 8);
    j.weighted = 1;
    compare_job(j, 0);
    j = tt_test_job(TT_BON, "student_t(df=3)", "normal()", "1024,1000000", 2000003, 9);
    j.weighted = 1;
    j.proposal = TT_PROPOSAL_AUTO;
    compare_job(j, 0);
}

/* A job the device cannot hold: with all but 64 MiB of the device taken
 * first, the weighted best-of-N's set of 1e8 samples (several GB of keys,
 * weights and sort scratch) is one clear error on --backend cuda. */
Test(gpu, out_of_device_memory_is_a_clear_error)
{
    size_t free_b = 0, total_b = 0;
    void *hog = NULL;
    cr_assert_eq(cudaMemGetInfo(&free_b, &total_b), cudaSuccess);
    cr_assert_gt(free_b, (size_t)64 << 20);
    cr_assert_eq(cudaMalloc(&hog, free_b - ((size_t)64 << 20)), cudaSuccess);
    tt_job j = tt_test_job(TT_BON, "normal()", "normal()", "4", 100000000ull, 1);
    j.weighted = 1;
    j.backend = TT_BACKEND_CUDA;
    tt_record r;
    char msg[TT_MSG_LEN] = "";
    cr_expect_eq(tt_run(&j, &r, NULL, msg), TT_ENOMEM, "%s", msg);
    cr_expect(strstr(msg, "out of memory") != NULL, "%s", msg);
    cudaFree(hog);
    free(j.grid);
}

/* The device is named: the one this process is bound to (the last one where
 * there are several, as an MPI rank binds), by the runtime's own account. */
Test(gpu, device_is_named)
{
    int count = 0, dev = -1;
    cr_assert_eq(cudaGetDeviceCount(&count), cudaSuccess);
    tt_cuda_bind(count - 1);
    tt_job j = tt_test_job(TT_THRESHOLD, "normal()", "normal()", "0", 100000, 1);
    j.backend = TT_BACKEND_CUDA;
    tt_record r;
    char msg[TT_MSG_LEN];
    cr_assert_eq(tt_run(&j, &r, NULL, msg), TT_OK, "%s", msg);
    struct cudaDeviceProp prop;
    cr_assert_eq(cudaGetDevice(&dev), cudaSuccess);
    cr_expect_eq(dev, count - 1);
    cr_assert_eq(cudaGetDeviceProperties(&prop, dev), cudaSuccess);
    cr_expect_str_eq(r.device, prop.name);
    free(j.grid);
}
