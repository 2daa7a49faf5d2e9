/* status.c: the names of the status codes and the method names, for
 * messages and records. */
#include "tailtilt/tailtilt.h"

const char *tt_strerror(int status)
{
    switch (status) {
    case TT_OK: return "success";
    case TT_EINVAL: return "invalid input";
    case TT_EIO: return "input/output error";
    case TT_ENOMEM: return "out of memory";
    case TT_EUNSUP: return "not supported";
    case TT_ENUMERIC: return "numerical failure";
    default: return "unknown status";
    }
}

const char *tt_method_name(tt_method m)
{
    static const char *names[TT_METHOD_COUNT] = {"tilt", "threshold", "bon", "construct"};
    return (m >= 0 && m < TT_METHOD_COUNT) ? names[m] : "?";
}
