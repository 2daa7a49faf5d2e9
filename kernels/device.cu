/* device.cu: the device probe and the raw Philox stream kernel that the GPU
 * test compares with the host's. */
#include <cuda_runtime.h>
#include <stdio.h>
#include "tt_cuda.h"

extern "C" int tt_cuda_probe(char *name, size_t len, char *msg)
{
    int count = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess || count == 0) {
        snprintf(msg, 512, "no usable CUDA device (%s)", e != cudaSuccess ? cudaGetErrorString(e) : "none found");
        return 0;
    }
    cudaDeviceProp prop;
    if ((e = cudaGetDeviceProperties(&prop, 0)) != cudaSuccess) {
        snprintf(msg, 512, "no usable CUDA device (%s)", cudaGetErrorString(e));
        return 0;
    }
    snprintf(name, len, "%s", prop.name);
    return 1;
}

/* Uploaded data arrays, by host address. */
struct upload { const double *host; double *dev; };
static upload uploads[16];
static int nuploads;

static void free_uploads(void)
{
    for (int i = 0; i < nuploads; ++i)
        cudaFree(uploads[i].dev);
}

static int upload_array(const double *host, uint64_t n, const double **dev, char *msg)
{
    for (int i = 0; i < nuploads; ++i)
        if (uploads[i].host == host) {
            *dev = uploads[i].dev;
            return 0;
        }
    if (nuploads == 16) {
        snprintf(msg, 512, "more than 16 empirical data arrays on the device");
        return 4;
    }
    double *d = NULL;
    cudaError_t e = cudaMalloc((void **)&d, sizeof(double) * n);
    if (e == cudaSuccess)
        e = cudaMemcpy(d, host, sizeof(double) * n, cudaMemcpyHostToDevice);
    if (e != cudaSuccess) {
        cudaFree(d);
        snprintf(msg, 512, "CUDA upload of empirical data failed: %s", cudaGetErrorString(e));
        return e == cudaErrorMemoryAllocation ? 3 : 4;
    }
    if (nuploads == 0)
        atexit(free_uploads);
    uploads[nuploads].host = host;
    uploads[nuploads++].dev = d;
    *dev = d;
    return 0;
}

extern "C" int tt_cuda_device_model(const tt_model *host, tt_model *dev, char *msg)
{
    *dev = *host;
    int st = 0;
    if (host->error.kind == TT_EMPIRICAL)
        st = upload_array(host->error.data, host->error.ndata, &dev->error.data, msg);
    if (!st && host->utility.kind == TT_EMPIRICAL)
        st = upload_array(host->utility.data, host->utility.ndata, &dev->utility.data, msg);
    return st;
}

extern "C" void tt_cuda_select(int index)
{
    int count = 0;
    if (cudaGetDeviceCount(&count) == cudaSuccess && count > 0)
        cudaSetDevice(index % count);
}

__global__ void philox_kernel(tt_philox_key key, const tt_philox_ctr *ctr, int n, tt_philox_ctr *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = tt_philox4x32_10(ctr[i], key);
}

extern "C" int tt_cuda_philox(tt_philox_key key, const tt_philox_ctr *ctr, int n, tt_philox_ctr *out, char *msg)
{
    tt_philox_ctr *dc = NULL, *dout = NULL;
    cudaError_t e = cudaMalloc((void **)&dc, sizeof *dc * (size_t)n);
    if (e == cudaSuccess) e = cudaMalloc((void **)&dout, sizeof *dout * (size_t)n);
    if (e == cudaSuccess) e = cudaMemcpy(dc, ctr, sizeof *dc * (size_t)n, cudaMemcpyHostToDevice);
    if (e == cudaSuccess) {
        philox_kernel<<<(n + 255) / 256, 256>>>(key, dc, n, dout);
        e = cudaGetLastError();
    }
    if (e == cudaSuccess) e = cudaMemcpy(out, dout, sizeof *out * (size_t)n, cudaMemcpyDeviceToHost);
    cudaFree(dc);
    cudaFree(dout);
    if (e != cudaSuccess) {
        snprintf(msg, 512, "CUDA Philox kernel failed: %s", cudaGetErrorString(e));
        return 4;
    }
    return 0;
}
