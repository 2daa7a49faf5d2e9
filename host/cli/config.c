/* config.c: reads a sweep file with libyaml's document API and validates
 * every key and value, naming the file, line and key of the first problem. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "cli/config.h"
#include "core/util.h"

typedef struct {
    yaml_document_t *doc;
    const char *path;
    char *msg;
} ctx;

static int fail_at(ctx *c, const yaml_node_t *n, const char *fmt, const char *a, const char *b)
{
    char what[TT_MSG_LEN];
    snprintf(what, sizeof what, fmt, a, b);
    snprintf(c->msg, TT_MSG_LEN, "%s:%lu: %s", c->path, n ? (unsigned long)n->start_mark.line + 1 : 0ul, what);
    return TT_EINVAL;
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *node(ctx *c, int index)
{
    return yaml_document_get_node(c->doc, index);
}

/* A value that is one scalar or a sequence of scalars: fills up to max. */
static int scalar_list(ctx *c, yaml_node_t *n, const char *key, const char **out, yaml_node_t **where,
                       int max, int *count)
{
    *count = 0;
    if (n->type == YAML_SCALAR_NODE) {
        out[0] = scalar(n);
        where[0] = n;
        *count = 1;
        return TT_OK;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return fail_at(c, n, "'%s' must be a value or a list of values%s", key, "");
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; ++it) {
        yaml_node_t *item = node(c, *it);
        if (!scalar(item))
            return fail_at(c, item, "'%s' lists something that is not a plain value%s", key, "");
        if (*count >= max)
            return fail_at(c, item, "'%s' lists too many values%s", key, "");
        where[*count] = item;
        out[(*count)++] = scalar(item);
    }
    if (*count == 0)
        return fail_at(c, n, "'%s' is an empty list%s", key, "");
    return TT_OK;
}

static int parse_specs(ctx *c, yaml_node_t *n, const char *key, tt_dist **out, int *count)
{
    const char *vals[64];
    yaml_node_t *where[64];
    int st = scalar_list(c, n, key, vals, where, 64, count);
    if (st)
        return st;
    *out = calloc((size_t)*count, sizeof(tt_dist));
    for (int i = 0; i < *count; ++i) {
        char m[TT_MSG_LEN];
        if (tt_dist_parse(vals[i], &(*out)[i], m) != TT_OK)
            return fail_at(c, where[i], "%s: %s", key, m);
    }
    return TT_OK;
}

/* A grid: a string (`1,2,5`, `lin:..`, `geom:..`), a number, or a list of numbers. */
static int parse_grid(ctx *c, yaml_node_t *n, const char *key, int integer, tt_experiment *e)
{
    char m[TT_MSG_LEN];
    if (n->type == YAML_SCALAR_NODE) {
        if (tt_grid_parse(scalar(n), integer, &e->job.grid, &e->job.ngrid, m) != TT_OK)
            return fail_at(c, n, "%s: %s", key, m);
        return TT_OK;
    }
    const char *vals[4096];
    yaml_node_t *where[4096];
    int count;
    int st = scalar_list(c, n, key, vals, where, 4096, &count);
    if (st)
        return st;
    size_t len = 0;
    for (int i = 0; i < count; ++i)
        len += strlen(vals[i]) + 1;
    char *joined = calloc(len + 1, 1);
    for (int i = 0; i < count; ++i) {
        if (strchr(vals[i], ',') || strchr(vals[i], ':')) {
            free(joined);
            return fail_at(c, where[i], "%s: list items must be single numbers, not '%s'", key, vals[i]);
        }
        strcat(joined, vals[i]);
        if (i + 1 < count) strcat(joined, ",");
    }
    st = tt_grid_parse(joined, integer, &e->job.grid, &e->job.ngrid, m);
    free(joined);
    return st ? fail_at(c, n, "%s: %s", key, m) : TT_OK;
}

static int parse_count(ctx *c, yaml_node_t *n, const char *key, uint64_t *out)
{
    char m[TT_MSG_LEN];
    if (!scalar(n) || tt_count_parse(scalar(n), out, m) != TT_OK)
        return fail_at(c, n, "%s: expected a whole number >= 1, such as 1000000 or 1e9 (got '%s')", key,
                       scalar(n) ? scalar(n) : "a list or mapping");
    return TT_OK;
}

static int parse_positive(ctx *c, yaml_node_t *n, const char *key, double *out)
{
    if (!scalar(n) || tt_parse_double(scalar(n), out) || !(*out > 0) || !isfinite(*out))
        return fail_at(c, n, "%s: expected a finite number > 0 (got '%s')", key, scalar(n) ? scalar(n) : "?");
    return TT_OK;
}

static const char *EXP_KEYS = "name, method, error, utility, beta | t | n, samples, trials, seed, threads, backend, c, a, q, estimator, proposal";

static int parse_experiment(ctx *c, yaml_node_t *n, tt_experiment *e, int index)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail_at(c, n, "each experiment must be a mapping of keys (%s)%s", EXP_KEYS, "");
    memset(e, 0, sizeof *e);
    e->line = (int)n->start_mark.line + 1;
    snprintf(e->name, sizeof e->name, "experiment %d", index + 1);
    e->job.samples = 1000000;
    e->job.trials = 1000;
    e->job.seed = 1;
    e->job.c = 1.0;
    e->job.a = 0.8;
    e->job.method = TT_METHOD_COUNT;
    yaml_node_t *grid = NULL, *err = NULL, *util = NULL, *samples = NULL, *trials = NULL, *ca = NULL, *q = NULL,
                *estimator = NULL, *proposal = NULL;
    const char *grid_key = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; ++p) {
        yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
        const char *key = scalar(k);
        if (!key)
            return fail_at(c, k, "keys must be plain words (%s)%s", EXP_KEYS, "");
        int st = TT_OK;
        if (!strcmp(key, "name")) {
            if (!scalar(v)) return fail_at(c, v, "name must be a plain value%s%s", "", "");
            snprintf(e->name, sizeof e->name, "%s", scalar(v));
        } else if (!strcmp(key, "method")) {
            const char *m = scalar(v);
            e->job.method = TT_METHOD_COUNT;
            for (int i = 0; m && i < TT_METHOD_COUNT; ++i)
                if (!strcmp(m, tt_method_name((tt_method)i))) e->job.method = (tt_method)i;
            if (e->job.method == TT_METHOD_COUNT)
                return fail_at(c, v, "method: unknown method '%s' (accepted: tilt, threshold, bon, construct)%s",
                               m ? m : "?", "");
        } else if (!strcmp(key, "error")) err = v;
        else if (!strcmp(key, "utility")) util = v;
        else if (!strcmp(key, "beta") || !strcmp(key, "t") || !strcmp(key, "n")) {
            if (grid) return fail_at(c, k, "give one grid only ('%s' and '%s')", grid_key, key);
            grid = v;
            grid_key = key;
        } else if (!strcmp(key, "samples")) { samples = v; st = parse_count(c, v, key, &e->job.samples); }
        else if (!strcmp(key, "trials")) { trials = v; st = parse_count(c, v, key, &e->job.trials); }
        else if (!strcmp(key, "seed")) {
            char *end;
            const char *s = scalar(v);
            if (!s || !*s || *s == '-' || *s == '+') return fail_at(c, v, "seed: expected a whole number >= 0%s%s", "", "");
            e->job.seed = strtoull(s, &end, 10);
            if (*end) return fail_at(c, v, "seed: expected a whole number >= 0 (got '%s')%s", s, "");
        } else if (!strcmp(key, "threads")) {
            uint64_t t;
            st = parse_count(c, v, key, &t);
            if (!st && t > 4096) return fail_at(c, v, "threads: at most 4096%s%s", "", "");
            e->job.threads = (int)t;
        } else if (!strcmp(key, "backend")) {
            const char *b = scalar(v);
            if (!b || (strcmp(b, "cpu") && strcmp(b, "auto") && strcmp(b, "cuda") && strcmp(b, "exact")))
                return fail_at(c, v, "backend: expected cpu, cuda, auto or exact (got '%s')%s", b ? b : "?", "");
            e->exact = !strcmp(b, "exact");
            e->job.backend = !strcmp(b, "cpu") ? TT_BACKEND_CPU : !strcmp(b, "cuda") ? TT_BACKEND_CUDA : TT_BACKEND_AUTO;
        } else if (!strcmp(key, "proposal")) {
            const char *s = scalar(v);
            int k = s ? tt_proposal_parse(s) : -2;
            if (k < TT_PROPOSAL_AUTO)
                return fail_at(c, v, "proposal: expected none, auto, tilt or tail (got '%s')%s", s ? s : "?", "");
            proposal = v;
            e->job.proposal = k;
        } else if (!strcmp(key, "estimator")) {
            const char *s = scalar(v);
            if (!s || (strcmp(s, "tournament") && strcmp(s, "weighted")))
                return fail_at(c, v, "estimator: expected tournament or weighted (got '%s')%s", s ? s : "?", "");
            estimator = v;
            e->job.weighted = !strcmp(s, "weighted");
        } else if (!strcmp(key, "c")) { ca = v; st = parse_positive(c, v, key, &e->job.c); }
        else if (!strcmp(key, "a")) { ca = v; st = parse_positive(c, v, key, &e->job.a); }
        else if (!strcmp(key, "q")) {
            const char *s = scalar(v);
            if (!s || (strcmp(s, "error") && strcmp(s, "sum")))
                return fail_at(c, v, "q: expected error or sum (got '%s')%s", s ? s : "?", "");
            q = v;
            e->job.q_is_sum = !strcmp(s, "sum");
        } else
            return fail_at(c, k, "unknown key '%s' (accepted: %s)", key, EXP_KEYS);
        if (st)
            return st;
    }
    if (e->job.method == TT_METHOD_COUNT)
        return fail_at(c, n, "%s: 'method' is required (tilt, threshold, bon or construct)%s", e->name, "");
    const char *want = e->job.method == TT_TILT ? "beta" : e->job.method == TT_BON ? "n" : "t";
    if (!grid)
        return fail_at(c, n, "%s: '%s' (the grid) is required", e->name, want);
    if (strcmp(grid_key, want))
        return fail_at(c, grid, "%s takes its grid as '%s'", tt_method_name(e->job.method), want);
    if (proposal && e->job.method != TT_THRESHOLD && e->job.method != TT_CONSTRUCT && !(e->job.method == TT_BON && e->job.weighted))
        return fail_at(c, proposal, "'proposal' applies to threshold, construct and bon with estimator: weighted%s%s", "", "");
    if (e->job.method != TT_BON && estimator)
        return fail_at(c, estimator, "'estimator' applies to bon only%s%s", "", "");
    if (e->job.method == TT_BON && samples && !e->job.weighted)
        return fail_at(c, samples, "bon takes 'trials' (samples are trials*N), not 'samples' (unless estimator: weighted)%s%s", "", "");
    if (e->job.method == TT_BON && e->job.weighted && e->job.samples > 100000000ull)
        return fail_at(c, samples, "bon with estimator: weighted keeps every sample in memory: at most 1e8 samples%s%s", "", "");
    if (e->job.method == TT_BON && trials && e->job.weighted)
        return fail_at(c, trials, "bon with estimator: weighted takes 'samples', not 'trials'%s%s", "", "");
    if (e->job.method != TT_BON && trials)
        return fail_at(c, trials, "'trials' applies to bon only; %s takes 'samples'%s", tt_method_name(e->job.method), "");
    if (e->job.method != TT_CONSTRUCT && (ca || q))
        return fail_at(c, ca ? ca : q, "'c', 'a' and 'q' apply to construct only%s%s", "", "");
    int st = parse_grid(c, grid, grid_key, e->job.method == TT_BON, e);
    if (!st && err) st = parse_specs(c, err, "error", &e->errors, &e->nerror);
    if (!st && util) st = parse_specs(c, util, "utility", &e->utilities, &e->nutility);
    if (st)
        return st;
    char m[TT_MSG_LEN];
    if (!err) { e->errors = calloc(1, sizeof(tt_dist)); e->nerror = 1; tt_dist_parse("normal()", e->errors, m); }
    if (!util) { e->utilities = calloc(1, sizeof(tt_dist)); e->nutility = 1; tt_dist_parse("normal()", e->utilities, m); }
    if (tt_grid_check(&e->job, m) != TT_OK)
        return fail_at(c, grid, "%s: %s", grid_key, m);
    for (int ie = 0; ie < e->nerror; ++ie)
        for (int iu = 0; iu < e->nutility; ++iu) {
            tt_job j;
            tt_experiment_job(e, ie, iu, &j);
            if (tt_proposal_check(&j, m) != TT_OK)
                return fail_at(c, proposal ? proposal : n, "proposal: %s%s", m, "");
        }
    return TT_OK;
}

static int parse_root(ctx *c, yaml_node_t *root, tt_sweep *s)
{
    if (!root)
        return fail_at(c, NULL, "the file is empty (expected a mapping with 'experiments')%s%s", "", "");
    if (root->type != YAML_MAPPING_NODE)
        return fail_at(c, root, "the top level must be a mapping with 'experiments' (and optionally output, format)%s%s", "", "");
    yaml_node_t *exps = NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; ++p) {
        yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
        const char *key = scalar(k);
        if (key && !strcmp(key, "experiments")) exps = v;
        else if (key && !strcmp(key, "output")) {
            if (!scalar(v) || !*scalar(v)) return fail_at(c, v, "output: expected a file path%s%s", "", "");
            snprintf(s->output, sizeof s->output, "%s", scalar(v));
        } else if (key && !strcmp(key, "format")) {
            const char *f = scalar(v);
            if (f && !strcmp(f, "jsonl")) s->format = TT_FORMAT_JSONL;
            else if (f && !strcmp(f, "csv")) s->format = TT_FORMAT_CSV;
            else return fail_at(c, v, "format: expected jsonl or csv (got '%s')%s", f ? f : "?", "");
        } else
            return fail_at(c, k, "unknown top-level key '%s' (accepted: experiments, output, format)%s",
                           key ? key : "?", "");
    }
    if (!exps)
        return fail_at(c, root, "'experiments' is required: a list of experiments%s%s", "", "");
    if (exps->type != YAML_SEQUENCE_NODE || exps->data.sequence.items.top == exps->data.sequence.items.start)
        return fail_at(c, exps, "'experiments' must be a non-empty list%s%s", "", "");
    int n = (int)(exps->data.sequence.items.top - exps->data.sequence.items.start);
    s->exps = calloc((size_t)n, sizeof(tt_experiment));
    for (int i = 0; i < n; ++i) {
        int st = parse_experiment(c, node(c, exps->data.sequence.items.start[i]), &s->exps[i], i);
        s->nexp = i + 1;
        if (st)
            return st;
    }
    return TT_OK;
}

int tt_sweep_load(const char *path, tt_sweep *s, char *msg)
{
    memset(s, 0, sizeof *s);
    s->format = -1;
    s->backend_override = -1;
    snprintf(s->path, sizeof s->path, "%s", path);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(msg, TT_MSG_LEN, "cannot read config '%s'", path);
        return TT_EIO;
    }
    uint64_t h = TT_FNV_OFFSET;
    unsigned char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        h = tt_fnv1a64(chunk, got, h);
    snprintf(s->hash, sizeof s->hash, "%016llx", (unsigned long long)h);
    rewind(fp);
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, fp);
    int st;
    if (!yaml_parser_load(&parser, &doc)) {
        /* libyaml finds some problems lines after their cause (an unclosed
         * bracket): name the line where the construct began, when it knows it */
        unsigned long line = (parser.context ? parser.context_mark.line : parser.problem_mark.line) + 1;
        snprintf(msg, TT_MSG_LEN, "%s:%lu: malformed YAML: %s%s%s (noticed at line %lu)", path, line,
                 parser.context ? parser.context : "", parser.context ? ": " : "",
                 parser.problem ? parser.problem : "syntax error", (unsigned long)parser.problem_mark.line + 1);
        st = TT_EINVAL;
    } else {
        ctx c = {&doc, path, msg};
        st = parse_root(&c, yaml_document_get_root_node(&doc), s);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    fclose(fp);
    if (st)
        tt_sweep_free(s);
    return st;
}

void tt_sweep_free(tt_sweep *s)
{
    for (int i = 0; i < s->nexp; ++i) {
        free(s->exps[i].errors);
        free(s->exps[i].utilities);
        free(s->exps[i].job.grid);
    }
    free(s->exps);
    s->exps = NULL;
    s->nexp = 0;
}

void tt_experiment_job(const tt_experiment *e, int ie, int iu, tt_job *job)
{
    *job = e->job;
    job->model.error = e->errors[ie];
    job->model.utility = e->utilities[iu];
    tt_dist_format(&job->model.error, job->error_spec, sizeof job->error_spec);
    tt_dist_format(&job->model.utility, job->utility_spec, sizeof job->utility_spec);
}
