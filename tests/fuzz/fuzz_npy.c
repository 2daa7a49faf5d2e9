/* fuzz_npy.c: libFuzzer target: the .npy reader (the input is the file,
 * its first byte forced to the magic's so that the .npy path is taken). */
#include "fuzz_column.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const columns[] = {NULL, "0", "1", "4294967295", "18446744073709551616"};
    return fuzz_column(data, size, 0x93, columns);
}
