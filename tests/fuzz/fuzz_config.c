/* fuzz_config.c: libFuzzer target: the YAML sweep loader on any bytes; a
 * refusal names the file and says why. */
#include <stdint.h>
#include "cli/config.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64], msg[TT_MSG_LEN] = "";
    int fd = fuzz_file(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    tt_sweep s;
    if (tt_sweep_load(path, &s, msg) == TT_OK)
        tt_sweep_free(&s);
    else if (!strstr(msg, path))
        abort();
    close(fd);
    return 0;
}
