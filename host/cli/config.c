/* config.c: reads a sweep file with libyaml's document API and validates
 * every key and value, naming the file, line and key of the first problem. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "cli/config.h"
#include "core/util.h"

/* A config is a few KiB; a bigger file is a mistake (and a device endless). */
#define CONFIG_MAX_BYTES (4u << 20)
/* A config nests 4 deep (top, experiments, an experiment, a list); libyaml's
 * time grows with the square of the depth, so deeper is refused at once. */
#define CONFIG_MAX_DEPTH 64

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

/* A grid: a string (`1,2,5`, `lin:..`, `geom:..`), a number, or a list of
 * numbers (joined with commas for the grid parser). */
static int grid_text(ctx *c, yaml_node_t *n, const char *key, char **out)
{
    if (n->type == YAML_SCALAR_NODE) {
        *out = strdup(scalar(n));
        return *out ? TT_OK : TT_ENOMEM;
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
    if (!joined)
        return TT_ENOMEM;
    for (int i = 0; i < count; ++i) {
        if (strchr(vals[i], ',') || strchr(vals[i], ':')) {
            free(joined);
            return fail_at(c, where[i], "%s: list items must be single numbers, not '%s'", key, vals[i]);
        }
        strcat(joined, vals[i]);
        if (i + 1 < count) strcat(joined, ",");
    }
    *out = joined;
    return TT_OK;
}

/* The node of the key a rule blames, for its line ("grid": the grid's). */
static yaml_node_t *blamed(ctx *c, yaml_node_t *n, const char *bad_key, const char *grid_key)
{
    if (!*bad_key)
        return n;
    if (!strcmp(bad_key, "grid"))
        bad_key = grid_key;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; ++p) {
        const char *key = scalar(node(c, p->key));
        if (key && !strcmp(key, bad_key))
            return node(c, p->value);
    }
    return n;
}

/* An experiment: a mapping whose keys are `name` and the job's keys, each
 * value handed to the job rules (host/methods/job.c) as its text. */
static int parse_experiment(ctx *c, yaml_node_t *n, tt_experiment *e, int index)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail_at(c, n, "each experiment must be a mapping of keys (name, %s)%s", tt_job_keys(), "");
    memset(e, 0, sizeof *e);
    tt_jobdef_init(&e->def);
    e->line = (int)n->start_mark.line + 1;
    snprintf(e->name, sizeof e->name, "experiment %d", index + 1);
    char m[TT_MSG_LEN];
    const char *grid_key = "";
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; ++p) {
        yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
        const char *key = scalar(k);
        if (!key)
            return fail_at(c, k, "keys must be plain words (name, %s)%s", tt_job_keys(), "");
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; ++q) {
            const char *earlier = scalar(node(c, q->key));
            if (earlier && !strcmp(earlier, key))
                return fail_at(c, k, "key '%s' given twice in one experiment%s", key, "");
        }
        if (!strcmp(key, "name")) {
            if (!scalar(v)) return fail_at(c, v, "name must be a plain value%s%s", "", "");
            snprintf(e->name, sizeof e->name, "%s", scalar(v));
        } else if (!strcmp(key, "error") || !strcmp(key, "utility")) {
            const char *vals[64];
            yaml_node_t *where[64];
            int count, st = scalar_list(c, v, key, vals, where, 64, &count);
            if (st)
                return st;
            for (int i = 0; i < count; ++i)
                if (tt_jobdef_set(&e->def, key, vals[i], m) != TT_OK)
                    return fail_at(c, where[i], "%s%s", m, "");
        } else if (!strcmp(key, "beta") || !strcmp(key, "t") || !strcmp(key, "n")) {
            char *text;
            int st = grid_text(c, v, key, &text);
            if (st)
                return st;
            st = tt_jobdef_set(&e->def, key, text, m);
            free(text);
            if (st)
                return fail_at(c, v, "%s%s", m, "");
            grid_key = key;
        } else {
            if (tt_job_key_id(key) < 0)
                return fail_at(c, k, "unknown key '%s' (accepted: name, %s)", key, tt_job_keys());
            if (!scalar(v))
                return fail_at(c, v, "'%s' must be a plain value (lists are for error, utility and grids)%s", key, "");
            if (tt_jobdef_set(&e->def, key, scalar(v), m) != TT_OK)
                return fail_at(c, v, "%s%s", m, "");
        }
    }
    const char *bad_key;
    if (tt_jobdef_check(&e->def, &bad_key, m) != TT_OK)
        return fail_at(c, blamed(c, n, bad_key, grid_key), "%s%s", m, "");
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
        for (yaml_node_pair_t *q = root->data.mapping.pairs.start; key && q < p; ++q) {
            const char *earlier = scalar(node(c, q->key));
            if (earlier && !strcmp(earlier, key))
                return fail_at(c, k, "top-level key '%s' given twice%s", key, "");
        }
        if (key && !strcmp(key, "experiments")) exps = v;
        else if (key && !strcmp(key, "output")) {
            if (!scalar(v) || !*scalar(v)) return fail_at(c, v, "output: expected a file path%s%s", "", "");
            if (strlen(scalar(v)) >= sizeof s->output) { /* never a shortened path: another file */
                char most[24];
                snprintf(most, sizeof most, "%zu", sizeof s->output - 1);
                return fail_at(c, v, "output: a path of more than %s bytes (use --out)%s", most, "");
            }
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

/* The whole config, a regular file or a pipe of at most CONFIG_MAX_BYTES
 * (a device such as /dev/zero would never end), malloc'd into *text. */
static int read_config(const char *path, unsigned char **text, size_t *len, char *msg)
{
    const char *why;
    FILE *fp = tt_open_input(path, &why);
    if (!fp) {
        snprintf(msg, TT_MSG_LEN, "cannot read config '%s': %s", path, why);
        return TT_EINVAL;
    }
    *text = malloc(CONFIG_MAX_BYTES + 1);
    *len = *text ? fread(*text, 1, CONFIG_MAX_BYTES + 1, fp) : 0;
    int bad = !*text || ferror(fp);
    fclose(fp);
    if (bad || *len > CONFIG_MAX_BYTES) {
        if (bad)
            snprintf(msg, TT_MSG_LEN, "cannot read config '%s'", path);
        else
            snprintf(msg, TT_MSG_LEN, "config '%s' is larger than %u MiB: not a sweep file", path,
                     CONFIG_MAX_BYTES >> 20);
        free(*text);
        *text = NULL;
        return bad ? TT_EIO : TT_EINVAL;
    }
    return TT_OK;
}

/* A parser's error as "FILE:LINE: malformed YAML: ...". */
static int malformed(const yaml_parser_t *p, const char *path, char *msg)
{
    /* libyaml finds some problems lines after their cause (an unclosed
     * bracket): name the line where the construct began, when it knows it */
    unsigned long line = (p->context ? p->context_mark.line : p->problem_mark.line) + 1;
    snprintf(msg, TT_MSG_LEN, "%s:%lu: malformed YAML: %s%s%s (noticed at line %lu)", path, line,
             p->context ? p->context : "", p->context ? ": " : "", p->problem ? p->problem : "syntax error",
             (unsigned long)p->problem_mark.line + 1);
    return TT_EINVAL;
}

/* The events of the whole stream, before anything is loaded: a syntax error
 * in any document is an error (the loader stops after the first), so is a
 * NUL inside a value, and nesting deeper than CONFIG_MAX_DEPTH is refused
 * where it is reached. */
static int check_stream(const unsigned char *text, size_t len, const char *path, char *msg)
{
    yaml_parser_t p;
    yaml_event_t ev;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, text, len);
    int depth = 0, st = TT_OK, end = 0;
    while (st == TT_OK && !end) {
        if (!yaml_parser_parse(&p, &ev)) {
            st = malformed(&p, path, msg);
            break;
        }
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            if (++depth > CONFIG_MAX_DEPTH) {
                snprintf(msg, TT_MSG_LEN, "%s:%lu: nested more than %d levels deep (a config needs 4)", path,
                         (unsigned long)ev.start_mark.line + 1, CONFIG_MAX_DEPTH);
                st = TT_EINVAL;
            }
        } else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT)
            --depth;
        else if (ev.type == YAML_SCALAR_EVENT && strlen((const char *)ev.data.scalar.value) != ev.data.scalar.length) {
            /* "1\0junk": the rest of the program would read the part before the NUL */
            snprintf(msg, TT_MSG_LEN, "%s:%lu: a value holds a NUL character (\\0)", path,
                     (unsigned long)ev.start_mark.line + 1);
            st = TT_EINVAL;
        }
        end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return st;
}

int tt_sweep_load(const char *path, tt_sweep *s, char *msg)
{
    memset(s, 0, sizeof *s);
    s->format = -1;
    s->backend_override = -1;
    s->precision_override = -1;
    snprintf(s->path, sizeof s->path, "%s", path);
    unsigned char *text;
    size_t len;
    int st = read_config(path, &text, &len, msg);
    if (st != TT_OK)
        return st;
    snprintf(s->hash, sizeof s->hash, "%016llx", (unsigned long long)tt_fnv1a64(text, len, TT_FNV_OFFSET));
    st = check_stream(text, len, path, msg);
    if (st != TT_OK) {
        free(text);
        return st;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        st = malformed(&parser, path, msg); /* what only the loader sees: an undefined alias */
    } else {
        ctx c = {&doc, path, msg};
        st = parse_root(&c, yaml_document_get_root_node(&doc), s);
        yaml_document_delete(&doc);
        /* a config is one document: a second one would be silently ignored */
        yaml_document_t next;
        if (st == TT_OK && !yaml_parser_load(&parser, &next))
            st = malformed(&parser, path, msg);
        else if (st == TT_OK) {
            yaml_node_t *r = yaml_document_get_root_node(&next);
            if (r) {
                snprintf(msg, TT_MSG_LEN, "%s:%lu: a second YAML document (a config is one document: merge its "
                         "experiments into the first)", path, (unsigned long)r->start_mark.line + 1);
                st = TT_EINVAL;
            }
            yaml_document_delete(&next);
        }
    }
    yaml_parser_delete(&parser);
    free(text);
    if (st)
        tt_sweep_free(s);
    return st;
}

void tt_sweep_free(tt_sweep *s)
{
    for (int i = 0; i < s->nexp; ++i)
        tt_jobdef_free(&s->exps[i].def);
    free(s->exps);
    s->exps = NULL;
    s->nexp = 0;
}

void tt_experiment_job(const tt_experiment *e, int ie, int iu, tt_job *job)
{
    tt_jobdef_job(&e->def, ie, iu, job);
}
