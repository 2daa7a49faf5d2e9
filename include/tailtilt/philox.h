/* philox.h: Philox4x32-10, the counter-based generator of Salmon et al. (SC'11),
 * bit-identical to Random123's philox4x32 and cuRAND's curand_Philox4x32_10. */
#ifndef TAILTILT_PHILOX_H
#define TAILTILT_PHILOX_H

#include "defs.h"
#if TT_DEVICE_COMPILE
#include <curand_philox4x32_x.h>
#endif

typedef struct { uint32_t v[4]; } tt_philox_ctr;
typedef struct { uint32_t v[2]; } tt_philox_key;

#define TT_PHILOX_M0 0xD2511F53u
#define TT_PHILOX_M1 0xCD9E8D57u
#define TT_PHILOX_W0 0x9E3779B9u
#define TT_PHILOX_W1 0xBB67AE85u

TT_FUNCTION tt_philox_ctr tt_philox_round(tt_philox_ctr c, tt_philox_key k)
{
    uint64_t p0 = (uint64_t)TT_PHILOX_M0 * c.v[0];
    uint64_t p1 = (uint64_t)TT_PHILOX_M1 * c.v[2];
    tt_philox_ctr r;
    r.v[0] = (uint32_t)(p1 >> 32) ^ c.v[1] ^ k.v[0];
    r.v[1] = (uint32_t)p1;
    r.v[2] = (uint32_t)(p0 >> 32) ^ c.v[3] ^ k.v[1];
    r.v[3] = (uint32_t)p0;
    return r;
}

/* Ten rounds, the key bumped between rounds (never after the last). On the
 * device this is cuRAND's own curand_Philox4x32_10, the same function (the
 * GPU test checks the two streams bit for bit). */
TT_FUNCTION tt_philox_ctr tt_philox4x32_10(tt_philox_ctr c, tt_philox_key k)
{
#if TT_DEVICE_COMPILE
    uint4 r = curand_Philox4x32_10(make_uint4(c.v[0], c.v[1], c.v[2], c.v[3]), make_uint2(k.v[0], k.v[1]));
    tt_philox_ctr o;
    o.v[0] = r.x;
    o.v[1] = r.y;
    o.v[2] = r.z;
    o.v[3] = r.w;
    return o;
#else
    for (int i = 0; i < 9; ++i) {
        c = tt_philox_round(c, k);
        k.v[0] += TT_PHILOX_W0;
        k.v[1] += TT_PHILOX_W1;
    }
    return tt_philox_round(c, k);
#endif
}

/* The key is the 64-bit seed. */
TT_FUNCTION tt_philox_key tt_philox_key_from_seed(uint64_t seed)
{
    tt_philox_key k;
    k.v[0] = (uint32_t)seed;
    k.v[1] = (uint32_t)(seed >> 32);
    return k;
}

#endif
