/* fuzz_grid.c: libFuzzer target: grids (the first byte chooses an integer
 * grid) and counts; every accepted grid has its declared number of finite
 * values, and every refusal says why. */
#include <math.h>
#include <stdint.h>
#include "fuzz_util.h"
#include "tailtilt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *text = fuzz_string(data + 1, size - 1), msg[TT_MSG_LEN] = "";
    double *v = NULL;
    int n = 0, integer = data[0] & 1;
    if (tt_grid_parse(text, integer, &v, &n, msg) == TT_OK) {
        if (n < 1)
            abort();
        for (int i = 0; i < n; ++i)
            if (!isfinite(v[i]) || (integer && v[i] != floor(v[i])))
                abort();
    } else if (!msg[0])
        abort();
    free(v);
    uint64_t c;
    msg[0] = '\0';
    if (tt_count_parse(text, &c, msg) == TT_OK ? c < 1 : !msg[0])
        abort();
    free(text);
    return 0;
}
