/* dist_spec.c: the spec language `name(key=value, ...)`: parsing with
 * validation of every key and value, and the canonical printed form. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "tailtilt.h"
#include "laws/empirical.h"
#include "laws/law.h"
#include "core/util.h"

#define TT_SPEC_VALUE 385 /* a value of up to 384 characters (a data file's path) */

static const char *skip_space(const char *s)
{
    while (isspace((unsigned char)*s))
        ++s;
    return s;
}

static int fail(char *msg, const char *spec, const char *what)
{
    snprintf(msg, TT_MSG_LEN, "invalid distribution '%s': %s", spec, what);
    return TT_EINVAL;
}

/* The largest |value| the double sampler gives at the uniforms that make
 * its extremes: 2^-65 from either end, and 2^-65 from the middle (where 1/z^2
 * peaks), in each of its (at most two) uniforms. */
static double sampler_reach(const tt_dist *d)
{
    const tt_u01 u[3] = {tt_u01_from_bits(0, 0), tt_u01_from_bits(0xffffffffu, 0xffffffffu),
                         tt_u01_from_bits(0, 0x80000000u)};
    double reach = 0;
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) {
            double x = fabs(tt_dist_sample(d, u[a], u[b]));
            reach = x > reach || isnan(x) ? x : reach;
        }
    return reach;
}

/* Fill the derived fields once parameters are known, after validation. */
static int finish(tt_dist *d, const char *spec, char *msg)
{
    char why[200];
    if (!isfinite(d->loc))
        return fail(msg, spec, "loc must be a finite number");
    if (!(d->scale_given > 0) || !isfinite(d->scale_given))
        return fail(msg, spec, "scale must be a finite number > 0");
    const tt_law *law = tt_law_get(d->kind);
    if (law->shape_key) {
        if (isnan(d->shape)) {
            snprintf(why, sizeof why, "%s is required (accepted: %s)", law->shape_key, law->help);
            return fail(msg, spec, why);
        }
        if (!(d->shape > 0) || !isfinite(d->shape)) {
            snprintf(why, sizeof why, "%s must be a finite number > 0", law->shape_key);
            return fail(msg, spec, why);
        }
        if (d->shape < law->shape_min) {
            snprintf(why, sizeof why, "%s must be >= %g (below it the law's quantiles or moments overflow a double)",
                     law->shape_key, law->shape_min);
            return fail(msg, spec, why);
        }
    }
    d->scale = d->scale_given;
    if (d->standardize) {
        if (d->kind != TT_STUDENT_T)
            return fail(msg, spec, "standardize applies to student_t only");
        if (!(d->shape > 2))
            return fail(msg, spec, "standardize=true needs df > 2 (the variance is infinite otherwise)");
        d->scale = d->scale_given * sqrt((d->shape - 2) / d->shape);
    }
    d->inv_shape = d->kind == TT_STUDENT_T ? -2.0 / d->shape : (law->shape_key ? 1.0 / d->shape : 0.0);
    d->logc = tt_dist_log_constant(d);
    d->reach = sampler_reach(d);
    char canon[TT_SPEC_LEN];
    if (tt_dist_format(d, canon, sizeof canon) >= (int)sizeof canon)
        return fail(msg, spec, "its canonical form is too long (a data file's path may have 384 characters)");
    return TT_OK;
}

/* A word (letters, digits, _) at *s into out (at most len - 1 characters):
 * its length, *s moved past it; 0 when there is none or it is too long. */
static size_t take_word(const char **s, char *out, size_t len)
{
    size_t n = 0;
    while (isalnum((unsigned char)(*s)[n]) || (*s)[n] == '_')
        ++n;
    if (n == 0 || n >= len)
        return 0;
    memcpy(out, *s, n);
    out[n] = '\0';
    *s += n;
    return n;
}

/* Past a value: ", " before the next key, or the closing ')' (left at *s);
 * 0 for anything else, a trailing comma included. */
static int next_param(const char **s)
{
    *s = skip_space(*s);
    if (**s == ')')
        return 1;
    if (**s != ',')
        return 0;
    *s = skip_space(*s + 1);
    return **s != ')' && **s != '\0';
}

int tt_dist_parse(const char *spec, tt_dist *out, char *msg)
{
    /* every law a program evaluates passes here first: GSL's default handler
     * aborts the process on a failed special function, where the callers
     * check the values they get (NaN, inf) and say what failed */
    gsl_set_error_handler_off();
    char name[64], why[TT_MSG_LEN];
    const char *s = skip_space(spec);
    if (!take_word(&s, name, sizeof name))
        return fail(msg, spec, "expected name(key=value, ...), e.g. normal(scale=2)");
    int kind = *s == '(' || *s == '\0' || isspace((unsigned char)*s) ? tt_dist_kind_from_name(name) : -1;
    if (kind < 0) {
        char list[300] = "";
        for (int k = 0; k < TT_DIST_COUNT; ++k) {
            strcat(list, tt_dist_name(k));
            if (k + 1 < TT_DIST_COUNT) strcat(list, ", ");
        }
        /* the name as written, up to '(' (a word stops at a byte like the
         * first of a UTF-8 letter, and 'n' would say nothing) */
        const char *w = skip_space(spec);
        int wl = (int)strcspn(w, "( \t\n");
        snprintf(why, sizeof why, "unknown distribution '%.*s' (known: %s)", wl > 48 ? 48 : wl, w, list);
        return fail(msg, spec, why);
    }
    tt_dist d = {0};
    d.kind = kind;
    d.loc = 0.0;
    d.scale_given = 1.0;
    d.shape = tt_law_get(kind)->shape_key ? tt_law_get(kind)->shape_default : 0.0;
    s = skip_space(s);
    if (*s == '\0')
        s = "()"; /* a bare name has no parameters, and the same rules */
    if (*s != '(')
        return fail(msg, spec, "expected '(' after the name");
    s = skip_space(s + 1);
    unsigned seen = 0;
    char estr[4][TT_SPEC_VALUE] = {"", "", "", ""}; /* empirical: file, column, tail, digest */
    while (*s != ')') {
        char key[32];
        if (!take_word(&s, key, sizeof key))
            return fail(msg, spec, "expected key=value");
        s = skip_space(s);
        if (*s != '=')
            return fail(msg, spec, "expected '=' after a key");
        s = skip_space(s + 1);
        const char *vstart = s;
        while (*s && *s != ',' && *s != ')' && !isspace((unsigned char)*s))
            ++s;
        char val[TT_SPEC_VALUE];
        size_t vl = (size_t)(s - vstart);
        if (vl == 0 || vl >= sizeof val) {
            snprintf(why, sizeof why, "missing or overlong value for '%s'", key);
            return fail(msg, spec, why);
        }
        memcpy(val, vstart, vl);
        val[vl] = '\0';
        int slot;
        if (kind == TT_EMPIRICAL && (!strcmp(key, "file") || !strcmp(key, "column") || !strcmp(key, "tail") ||
                                     !strcmp(key, "digest"))) {
            slot = key[0] == 'f' ? 4 : key[0] == 'c' ? 5 : key[0] == 't' ? 6 : 7;
            if (seen & (1u << slot)) {
                snprintf(why, sizeof why, "key '%s' given twice", key);
                return fail(msg, spec, why);
            }
            seen |= 1u << slot;
            snprintf(estr[slot - 4], sizeof estr[0], "%s", val);
            if (!next_param(&s))
                return fail(msg, spec, "expected ', key=value' or ')'");
            continue;
        }
        if (strcmp(key, "loc") == 0) slot = 0;
        else if (strcmp(key, "scale") == 0) slot = 1;
        else if (tt_law_get(kind)->shape_key && strcmp(key, tt_law_get(kind)->shape_key) == 0) slot = 2;
        else if (kind == TT_STUDENT_T && strcmp(key, "standardize") == 0) slot = 3;
        else {
            snprintf(why, sizeof why, "unknown key '%s' for %s (accepted: %s)", key, name, tt_law_get(kind)->help);
            return fail(msg, spec, why);
        }
        if (seen & (1u << slot)) {
            snprintf(why, sizeof why, "key '%s' given twice", key);
            return fail(msg, spec, why);
        }
        seen |= 1u << slot;
        if (slot == 3) {
            if (strcmp(val, "true") == 0 || strcmp(val, "1") == 0) d.standardize = 1;
            else if (strcmp(val, "false") == 0 || strcmp(val, "0") == 0) d.standardize = 0;
            else return fail(msg, spec, "standardize must be true or false");
        } else {
            double x;
            if (tt_parse_double(val, &x) != 0) {
                snprintf(why, sizeof why, "value '%s' of '%s' is not a number", val, key);
                return fail(msg, spec, why);
            }
            if (slot == 0) d.loc = x;
            else if (slot == 1) d.scale_given = x;
            else d.shape = x;
        }
        if (!next_param(&s))
            return fail(msg, spec, "expected ', key=value' or ')'");
    }
    if (*skip_space(s + 1) != '\0')
        return fail(msg, spec, "unexpected text after ')'");
    if (kind == TT_EMPIRICAL) {
        if (!estr[0][0])
            return fail(msg, spec, "file=PATH is required (a .npy file or a text column)");
        if (estr[2][0] && strcmp(estr[2], "none") && strcmp(estr[2], "gpd"))
            return fail(msg, spec, "tail must be none or gpd");
        int st = tt_empirical_load(&d, estr[0], estr[1][0] ? estr[1] : NULL, !strcmp(estr[2], "gpd"), why);
        if (st != TT_OK)
            return fail(msg, spec, why);
        const char *source, *digest;
        tt_empirical_provenance(&d, &source, &digest);
        if (estr[3][0] && strcmp(estr[3], digest)) {
            snprintf(why, sizeof why, "the data's digest is %s, not %s: the file has changed", digest, estr[3]);
            return fail(msg, spec, why);
        }
    }
    *out = d;
    return finish(out, spec, msg);
}

int tt_dist_format(const tt_dist *d, char *buf, size_t len)
{
    char a[40], b[40], c[40];
    tt_format_double(d->loc, a, sizeof a);
    tt_format_double(d->scale_given, b, sizeof b);
    const tt_law *law = tt_law_get(d->kind);
    if (d->kind == TT_EMPIRICAL) {
        const char *source, *digest;
        tt_empirical_provenance(d, &source, &digest);
        return snprintf(buf, len, "empirical(%s, tail=%s, digest=%s, loc=%s, scale=%s)", source,
                        d->ntail ? "gpd" : "none", digest, a, b);
    }
    if (!law->shape_key)
        return snprintf(buf, len, "%s(loc=%s, scale=%s)", law->name, a, b);
    tt_format_double(d->shape, c, sizeof c);
    if (d->kind == TT_STUDENT_T)
        return snprintf(buf, len, "%s(df=%s, standardize=%s, loc=%s, scale=%s)", law->name, c,
                        d->standardize ? "true" : "false", a, b);
    return snprintf(buf, len, "%s(%s=%s, loc=%s, scale=%s)", law->name, law->shape_key, c, a, b);
}
