/* test_philox.c: Philox4x32-10 against the known-answer vectors and against
 * Random123's own implementation; the uniforms' endpoints and resolution. */
#include <criterion/criterion.h>
#include <Random123/philox.h>
#include <stdio.h>
#include "tailtilt/philox.h"
#include "tailtilt/stream.h"
#include "tailtilt/uniform.h"

#ifndef TT_TEST_DATA
#define TT_TEST_DATA "tests/data"
#endif

Test(philox, known_answers)
{
    FILE *fp = fopen(TT_TEST_DATA "/philox_kat.txt", "r");
    cr_assert_not_null(fp, "missing KAT file");
    char line[256];
    int checked = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#')
            continue;
        tt_philox_ctr c;
        tt_philox_key k;
        unsigned e[4];
        int n = sscanf(line, "%x %x %x %x %x %x %x %x %x %x", &c.v[0], &c.v[1], &c.v[2], &c.v[3], &k.v[0],
                       &k.v[1], &e[0], &e[1], &e[2], &e[3]);
        cr_assert_eq(n, 10);
        tt_philox_ctr r = tt_philox4x32_10(c, k);
        for (int i = 0; i < 4; ++i)
            cr_assert_eq(r.v[i], e[i], "word %d: %08x != %08x", i, r.v[i], e[i]);
        ++checked;
    }
    fclose(fp);
    cr_assert_eq(checked, 3);
}

Test(philox, equals_random123)
{
    tt_philox_key k = tt_philox_key_from_seed(0x0123456789abcdefull);
    philox4x32_key_t rk = {{k.v[0], k.v[1]}};
    for (uint32_t i = 0; i < 100000; ++i) {
        tt_philox_ctr c = tt_philox_counter(i * 2654435761u, i >> 3, i, i * 7u);
        philox4x32_ctr_t rc = {{c.v[0], c.v[1], c.v[2], c.v[3]}};
        tt_philox_ctr a = tt_philox4x32_10(c, k);
        philox4x32_ctr_t b = philox4x32(rc, rk);
        for (int w = 0; w < 4; ++w)
            cr_assert_eq(a.v[w], b.v[w]);
    }
}

Test(uniform, endpoints_resolve_2_pow_minus_64)
{
    const double tiny = 0.5 * 5.421010862427522170037e-20; /* 2^-65 */
    tt_u01 lo = tt_u01_from_bits(0, 0);
    cr_assert_eq(lo.p, tiny);
    cr_assert_eq(lo.q, 1.0);
    cr_assert_eq(lo.c, -0.5);
    tt_u01 hi = tt_u01_from_bits(0xffffffffu, 0xffffffffu);
    cr_assert_eq(hi.q, tiny);
    cr_assert_eq(hi.p, 1.0);
    tt_u01 next = tt_u01_from_bits(1, 0);
    cr_assert_eq(next.p, 3 * tiny, "resolution near 0 is 2^-64");
    tt_u01 mid = tt_u01_from_bits(0, 0x80000000u);
    cr_assert_eq(mid.c, tiny, "c resolves 2^-64 around 1/2");
    for (uint32_t i = 0; i < 1000; ++i) {
        tt_u01 u = tt_u01_from_bits(i * 2654435761u, i * 40503u);
        cr_assert(u.p > 0 && u.p <= 1 && u.q > 0 && u.q <= 1 && u.c >= -0.5 && u.c <= 0.5);
        cr_assert_float_eq(u.p + u.q, 1.0, 1e-15);
        cr_assert_float_eq(u.c + 0.5, u.p, 1e-15);
    }
}
