/* real/draw.h (generic body, included by draw.h once per precision): one
 * outcome (X, V) from its Philox counter. */

typedef struct { TT_REAL x, v; } TT_R(tt_outcome);

/* Outcome number `sample` of `chunk`; `draw` is the first Philox call index
 * (nonzero when one sample holds several outcomes, as in best-of-N). X takes
 * its uniforms first, V the next ones; the uniforms are selected by value,
 * never indexed at run time (which would put them in a GPU's local memory).
 * ek, uk: the laws' kinds when known at compile time, else TT_ANY_LAW
 * (tt_dist_sample_as); the values are the same either way. */
TT_FUNCTION TT_R(tt_outcome) TT_R(tt_model_draw_as)(const tt_model *m, tt_philox_key key, uint32_t point,
                                                    uint32_t chunk, uint32_t sample, uint32_t draw, int ek, int uk)
{
    tt_philox_ctr r = tt_philox4x32_10(tt_philox_counter(point, chunk, sample, draw), key);
    TT_R(tt_u01) u0 = TT_R(tt_u01_from_bits)(r.v[0], r.v[1]);
    TT_R(tt_u01) u1 = TT_R(tt_u01_from_bits)(r.v[2], r.v[3]), u2 = u1, u3 = u1;
    int nx = ek == TT_ANY_LAW ? tt_dist_uniforms(&m->error) : (ek == TT_STUDENT_T ? 2 : 1);
    int nv = uk == TT_ANY_LAW ? tt_dist_uniforms(&m->utility) : (uk == TT_STUDENT_T ? 2 : 1);
    if (nx + nv > 2) {
        r = tt_philox4x32_10(tt_philox_counter(point, chunk, sample, draw + 1), key);
        u2 = TT_R(tt_u01_from_bits)(r.v[0], r.v[1]);
        u3 = TT_R(tt_u01_from_bits)(r.v[2], r.v[3]);
    }
    TT_R(tt_outcome) o;
    o.x = TT_R(tt_dist_sample_as)(&m->error, ek, u0, u1);
    o.v = TT_R(tt_dist_sample_as)(&m->utility, uk, nx == 1 ? u1 : u2, nx == 1 ? u2 : u3);
    return o;
}

TT_FUNCTION TT_R(tt_outcome) TT_R(tt_model_draw)(const tt_model *m, tt_philox_key key, uint32_t point,
                                                 uint32_t chunk, uint32_t sample, uint32_t draw)
{
    return TT_R(tt_model_draw_as)(m, key, point, chunk, sample, draw, TT_ANY_LAW, TT_ANY_LAW);
}
