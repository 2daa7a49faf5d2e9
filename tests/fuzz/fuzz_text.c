/* fuzz_text.c: libFuzzer target: the text reader (the input is the file,
 * its first byte kept off the .npy magic so that the text path is taken);
 * a refusal says why, an accepted column holds finite values. */
#include <math.h>
#include <stdint.h>
#include "fuzz_util.h"
#include "io/array_io.h"
#include "tailtilt/defs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    copy[0] = (unsigned char)'\n';
    memcpy(copy + 1, data, size);
    char path[64], msg[TT_MSG_LEN] = "";
    int fd = fuzz_file(copy, size + 1, path, sizeof path);
    free(copy);
    if (fd < 0)
        return 0;
    static const char *const columns[] = {NULL, "0", "reward", "4294967295", "18446744073709551616"};
    tt_column c;
    if (tt_column_read(path, columns[size % 5], size & 1, &c, msg) == TT_OK) {
        for (size_t i = 0; i < c.n; ++i)
            if (!isfinite(c.values[i]))
                abort();
        tt_column_free(&c);
    } else if (!msg[0])
        abort();
    close(fd);
    return 0;
}
