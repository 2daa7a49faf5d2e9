/* fuzz_spec.c: libFuzzer target: the law spec parser, and the canonical form
 * of every spec it accepts (which must parse back to itself). */
#include <stdint.h>
#include "fuzz_util.h"
#include "tailtilt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = fuzz_string(data, size), msg[TT_MSG_LEN], canon[TT_SPEC_LEN], again[TT_SPEC_LEN];
    tt_dist d, e;
    if (spec && tt_dist_parse(spec, &d, msg) == TT_OK) {
        tt_dist_format(&d, canon, sizeof canon);
        if (tt_dist_parse(canon, &e, msg) != TT_OK)
            abort(); /* the canonical form must be accepted */
        tt_dist_format(&e, again, sizeof again);
        if (strcmp(canon, again))
            abort(); /* and be a fixed point */
    } else if (!msg[0])
        abort(); /* every refusal says why */
    free(spec);
    return 0;
}
