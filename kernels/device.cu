/* device.cu: the device probe (a context, and kernels this binary can run),
 * device selection, and the raw Philox stream kernel that the GPU test
 * compares with the host's. */
#include "cuda_check.cuh"
#include "tt_cuda.h"

__global__ void philox_kernel(tt_philox_key key, const tt_philox_ctr *ctr, int n, tt_philox_ctr *out);

extern "C" void tt_cuda_current_name(char *name, size_t len)
{
    int dev = 0;
    cudaDeviceProp prop;
    if (cudaGetDevice(&dev) == cudaSuccess && cudaGetDeviceProperties(&prop, dev) == cudaSuccess)
        snprintf(name, len, "%s", prop.name);
    else if (len)
        name[0] = '\0';
}

/* Usable: a device, a context on the current one (cudaFree(0) creates it, so
 * that no pass pays for it), and kernels this binary can run there (an image
 * for its architecture, or PTX the driver can compile). */
extern "C" int tt_cuda_probe(char *name, size_t len, char *msg)
{
    int count = 0, dev = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess || count == 0) {
        snprintf(msg, TT_MSG_LEN, "no usable CUDA device (%s)", e != cudaSuccess ? cudaGetErrorString(e) : "none found");
        return 0;
    }
    cudaDeviceProp prop;
    cudaFuncAttributes attr;
    if ((e = cudaGetDevice(&dev)) != cudaSuccess || (e = cudaGetDeviceProperties(&prop, dev)) != cudaSuccess ||
        (e = cudaFree(0)) != cudaSuccess) {
        snprintf(msg, TT_MSG_LEN, "no usable CUDA device (%s)", cudaGetErrorString(e));
        return 0;
    }
    if ((e = cudaFuncGetAttributes(&attr, philox_kernel)) != cudaSuccess) {
        snprintf(msg, TT_MSG_LEN, "CUDA device %s (sm_%d%d) cannot run this build's kernels (%s; built for %s)",
                 prop.name, prop.major, prop.minor, cudaGetErrorString(e), TT_CUDA_ARCHS);
        return 0;
    }
    snprintf(name, len, "%s", prop.name);
    return 1;
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
    int st = TT_OK;
    tt_philox_ctr *dc = NULL, *dout = NULL;
    TT_CUDA_CHECK(cudaMalloc((void **)&dc, sizeof *dc * (size_t)n), "cudaMalloc of the counters");
    TT_CUDA_CHECK(cudaMalloc((void **)&dout, sizeof *dout * (size_t)n), "cudaMalloc of the words");
    TT_CUDA_CHECK(cudaMemcpy(dc, ctr, sizeof *dc * (size_t)n, cudaMemcpyHostToDevice), "copy of the counters");
    philox_kernel<<<(n + 255) / 256, 256>>>(key, dc, n, dout);
    TT_CUDA_CHECK(cudaGetLastError(), "Philox kernel launch");
    TT_CUDA_CHECK(cudaMemcpy(out, dout, sizeof *out * (size_t)n, cudaMemcpyDeviceToHost), "Philox kernel");
done:
    cudaFree(dc);
    cudaFree(dout);
    return st;
}
