/* table.c: the method table: every method's descriptor, listed once in the
 * order of tt_method; lookups by id and name, and the record of a point. */
#include <stdio.h>
#include <string.h>
#include "core/record.h"
#include "methods/method.h"

extern const tt_method_desc tt_method_tilt, tt_method_threshold, tt_method_bon, tt_method_construct;

static const tt_method_desc *const METHODS[TT_METHOD_COUNT] = {
    [TT_TILT] = &tt_method_tilt,
    [TT_THRESHOLD] = &tt_method_threshold,
    [TT_BON] = &tt_method_bon,
    [TT_CONSTRUCT] = &tt_method_construct,
};

const tt_method_desc *tt_method_get(int id)
{
    return id >= 0 && id < TT_METHOD_COUNT ? METHODS[id] : NULL;
}

const tt_method_desc *tt_method_find(const char *name)
{
    for (int m = 0; m < TT_METHOD_COUNT; ++m)
        if (!strcmp(METHODS[m]->name, name))
            return METHODS[m];
    return NULL;
}

const char *tt_precision_name(int precision)
{
    return precision == TT_PRECISION_DOUBLE ? "double" : "single";
}

const char *tt_method_name(tt_method m)
{
    const tt_method_desc *d = tt_method_get(m);
    return d ? d->name : "?";
}

const char *tt_method_list(void)
{
    static char list[128];
    if (!list[0])
        for (int m = 0; m < TT_METHOD_COUNT; ++m)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", m ? ", " : "", METHODS[m]->name);
    return list;
}

int tt_method_always(const tt_job *job)
{
    (void)job;
    return 1;
}

int tt_method_never(const tt_job *job)
{
    (void)job;
    return 0;
}

void tt_record_init(tt_record *r, const tt_job *job, int g)
{
    const tt_method_desc *d = tt_method_get(job->method);
    tt_record_start(r, job, d ? d->name : "?");
    if (d)
        d->record(r, job, g);
    tt_record_seal(r);
}
