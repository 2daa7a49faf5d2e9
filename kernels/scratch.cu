/* scratch.cu: the run's device memory: creation, growth, release, and the
 * copy of a model whose empirical laws read their data on the device. */
#include <stdlib.h>
#include "cuda_check.cuh"
#include "scratch.cuh"

int tt_device_reserve(tt_device_buffer *b, size_t bytes, const char *what, char *msg)
{
    int st = TT_OK;
    if (bytes <= b->bytes)
        return TT_OK;
    cudaFree(b->ptr);
    b->ptr = NULL;
    b->bytes = 0;
    TT_CUDA_CHECK(cudaMalloc(&b->ptr, bytes), what);
    b->bytes = bytes;
done:
    return st;
}

extern "C" int tt_cuda_scratch_create(tt_cuda_scratch **s, char *msg)
{
    *s = (tt_cuda_scratch *)calloc(1, sizeof **s);
    if (!*s) {
        snprintf(msg, TT_MSG_LEN, "out of memory for the device scratch");
        return TT_ENOMEM;
    }
    return TT_OK;
}

extern "C" void tt_cuda_scratch_destroy(tt_cuda_scratch *s)
{
    if (!s)
        return;
    tt_device_buffer *all[] = {&s->partials, &s->params, &s->batch, &s->topk, &s->bounds, &s->spreads,
                               &s->data[0], &s->data[1]};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; ++i)
        cudaFree(all[i]->ptr);
    free(s);
}

static int upload(tt_device_buffer *b, const double *host, uint64_t n, const double **dev, char *msg)
{
    int st = tt_device_reserve(b, sizeof(double) * n, "cudaMalloc of empirical data", msg);
    if (st != TT_OK)
        return st;
    TT_CUDA_CHECK(cudaMemcpy(b->ptr, host, sizeof(double) * n, cudaMemcpyHostToDevice), "upload of empirical data");
    *dev = (const double *)b->ptr;
done:
    return st;
}

extern "C" int tt_cuda_device_model(tt_cuda_scratch *s, const tt_model *host, tt_model *dev, char *msg)
{
    *dev = *host;
    int st = TT_OK;
    if (host->error.data) /* a law that resamples data */
        st = upload(&s->data[0], host->error.data, host->error.ndata, &dev->error.data, msg);
    if (st == TT_OK && host->utility.data)
        st = upload(&s->data[1], host->utility.data, host->utility.ndata, &dev->utility.data, msg);
    return st;
}
