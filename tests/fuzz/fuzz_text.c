/* fuzz_text.c: libFuzzer target: the text reader (the input is the file,
 * its first byte kept off the .npy magic so that the text path is taken). */
#include "fuzz_column.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const columns[] = {NULL, "0", "reward", "4294967295", "18446744073709551616"};
    return fuzz_column(data, size, (unsigned char)'\n', columns);
}
