/* grid.c: parameter grids (`1,2,5`, `lin:A:B:K`, `geom:A:B:K`) and sample
 * counts (`1e9`), validated strictly: a bad grid never reaches a sampler, and
 * nothing is silently dropped, rounded or merged. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tailtilt.h"
#include "core/util.h"

#define TT_GRID_MAX 100000

static int grid_fail(char *msg, const char *text, const char *why)
{
    snprintf(msg, TT_MSG_LEN, "invalid grid '%s': %s (accepted: 1,2,5 or lin:A:B:K or geom:A:B:K)", text, why);
    return TT_EINVAL;
}

int tt_grid_parse(const char *text, int integer, double **vals, int *count, char *msg)
{
    *vals = NULL;
    *count = 0;
    if (!text || !*text)
        return grid_fail(msg, text ? text : "", "empty");
    char *copy = strdup(text);
    if (!copy)
        return TT_ENOMEM;
    double *v = NULL;
    int n = 0, status = TT_OK;
    int generated = strncmp(copy, "lin:", 4) == 0 || strncmp(copy, "geom:", 5) == 0;
    if (generated) {
        int geom = copy[0] == 'g';
        char *parts[5] = {0};
        int np = 0;
        for (char *p = copy; p && np < 5; ++np) { /* every field, empty ones too */
            parts[np] = p;
            p = strchr(p, ':');
            if (p) *p++ = '\0';
        }
        double a, b, k;
        if (np != 4)
            status = grid_fail(msg, text, "expected exactly three fields after the kind");
        else if (!*parts[1] || !*parts[2] || !*parts[3])
            status = grid_fail(msg, text, "a field is empty");
        else if (tt_parse_double(parts[1], &a) || tt_parse_double(parts[2], &b) || tt_parse_double(parts[3], &k)
                 || !isfinite(a) || !isfinite(b))
            status = grid_fail(msg, text, "A and B must be finite numbers, K a count");
        else if (k != floor(k) || k < 1 || k > TT_GRID_MAX)
            status = grid_fail(msg, text, "K must be a whole number from 1 to 100000");
        else if (geom && (!(a > 0) || !(b > 0)))
            status = grid_fail(msg, text, "geom needs A > 0 and B > 0");
        else if (k == 1 && a != b)
            status = grid_fail(msg, text, "K = 1 needs A = B");
        else {
            n = (int)k;
            v = malloc(sizeof(double) * (size_t)n);
            for (int i = 0; i < n; ++i) {
                double f = n == 1 ? 0.0 : (double)i / (n - 1);
                v[i] = geom ? exp(log(a) + f * (log(b) - log(a))) : a + f * (b - a);
            }
            if (n > 1) { v[0] = a; v[n - 1] = b; }
            for (int i = 0; i < n && status == TT_OK; ++i)
                if (!isfinite(v[i]))
                    status = grid_fail(msg, text, "the values overflow (A and B too far apart)");
        }
    } else {
        for (char *p = copy; *p; ++p)
            if (*p == ',') ++n;
        ++n;
        if (n > TT_GRID_MAX)
            status = grid_fail(msg, text, "more than 100000 values");
        else {
            v = malloc(sizeof(double) * (size_t)n);
            int i = 0;
            char *p = copy;
            for (; i < n; ++i) {
                char *comma = strchr(p, ',');
                if (comma) *comma = '\0';
                char *s = p;
                while (*s == ' ') ++s;
                char *e = s + strlen(s);
                while (e > s && e[-1] == ' ') *--e = '\0';
                if (tt_parse_double(s, &v[i]) || !isfinite(v[i])) {
                    char why[120];
                    snprintf(why, sizeof why, "'%s' is not a finite number", s);
                    status = grid_fail(msg, text, why);
                    break;
                }
                p = comma ? comma + 1 : p + strlen(p);
            }
        }
    }
    free(copy);
    if (status != TT_OK) {
        free(v);
        return status;
    }
    if (integer && generated) { /* lin and geom of whole numbers: rounded, as numpy's geomspace */
        for (int i = 0; i < n; ++i)
            v[i] = floor(v[i] + 0.5);
        for (int i = 1; i < n; ++i)
            if (v[i] == v[i - 1]) {
                char why[160];
                snprintf(why, sizeof why, "%g appears twice once rounded to whole numbers (use fewer values)", v[i]);
                free(v);
                return grid_fail(msg, text, why);
            }
    } else if (integer) { /* a list of whole numbers: as written, never rounded */
        for (int i = 0; i < n; ++i)
            if (v[i] != floor(v[i])) {
                char why[120];
                snprintf(why, sizeof why, "%g is not a whole number", v[i]);
                free(v);
                return grid_fail(msg, text, why);
            }
    }
    *vals = v;
    *count = n;
    return TT_OK;
}

int tt_count_parse(const char *text, uint64_t *out, char *msg)
{
    double x;
    if (!text || tt_parse_double(text, &x) || !(x >= 1) || x != floor(x) || x > 9.0e18) {
        snprintf(msg, TT_MSG_LEN, "invalid count '%s': expected a whole number >= 1, such as 1000000 or 1e9",
                 text ? text : "");
        return TT_EINVAL;
    }
    *out = (uint64_t)x;
    return TT_OK;
}
