/* status.c: the names of the status codes and of the proposals, for
 * messages and records. */
#include <string.h>
#include "tailtilt.h"

const char *tt_strerror(int status)
{
    switch (status) {
    case TT_OK: return "success";
    case TT_EINVAL: return "invalid input";
    case TT_EIO: return "input/output error";
    case TT_ENOMEM: return "out of memory";
    case TT_EUNSUP: return "not supported";
    case TT_ENUMERIC: return "numerical failure";
    case TT_SERVED: return "chunks served to another process";
    case TT_EDEVICE: return "GPU failure";
    default: return "unknown status";
    }
}

const char *tt_proposal_name(int kind)
{
    switch (kind) {
    case TT_PROPOSAL_NONE: return "none";
    case TT_PROPOSAL_TILT: return "tilt";
    case TT_PROPOSAL_TAIL: return "tail";
    case TT_PROPOSAL_MIXTURE: return "mixture";
    case TT_PROPOSAL_CONDITIONAL: return "conditional";
    case TT_PROPOSAL_AUTO: return "auto";
    default: return "?";
    }
}

int tt_proposal_parse(const char *name)
{
    if (!strcmp(name, "none")) return TT_PROPOSAL_NONE;
    if (!strcmp(name, "tilt")) return TT_PROPOSAL_TILT;
    if (!strcmp(name, "tail")) return TT_PROPOSAL_TAIL;
    if (!strcmp(name, "mixture")) return TT_PROPOSAL_MIXTURE;
    if (!strcmp(name, "conditional")) return TT_PROPOSAL_CONDITIONAL;
    if (!strcmp(name, "auto")) return TT_PROPOSAL_AUTO;
    return -2;
}
