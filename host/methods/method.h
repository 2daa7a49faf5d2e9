/* method.h: a method as one descriptor: its name and grid, its rules, what
 * it costs, its record fields, its run (written once against the backend
 * seam) and its exact reference. methods/table.c lists them; nothing else in
 * the program names a method. */
#ifndef TAILTILT_METHOD_H
#define TAILTILT_METHOD_H

#include "backends/backend.h"

typedef struct tt_method_desc {
    tt_method id;
    const char *name;          /* the command and the record's `method` */
    const char *grid_key;      /* the grid's key: --KEY on the command line, KEY: in configs */
    const char *grid_name;     /* the grid's values in messages and listings */
    int integer_grid;          /* grid values are whole numbers */
    int kl_known;              /* KL depends on the grid value only (kept where a reference fails) */
    const char *summary;       /* one line, for the program's usage */
    const char *usage;         /* its options after the laws, for --help */
    const char *about;         /* what it computes, for --help */
    /* NULL when grid value x is valid for the job, else why not. */
    const char *(*check_value)(const tt_job *job, double x);
    /* The method's own rules of a whole job (a sample set's bounds, a
     * proposal that must fit the laws); NULL when it has none. */
    int (*check)(const tt_job *job, char *msg);
    /* NULL when the method takes the optional key (job.h: samples, trials,
     * c, a, q, estimator, proposal) given in the job, else why not. */
    const char *(*refuse)(const tt_job *job, int key);
    /* Samples the job draws (for progress, ETA and dry runs). */
    uint64_t (*cost)(const tt_job *job);
    /* 1 when each grid point has its own pass (the unit of work under MPI). */
    int (*per_point)(const tt_job *job);
    /* 1 when its passes run through the chunk engine (MPI may split them). */
    int (*splittable)(const tt_job *job);
    /* The method's own fields of the record of grid point g. */
    void (*record)(tt_record *r, const tt_job *job, int g);
    /* Every record of the job, each passed to tt_run_emit as it is final. */
    int (*run)(const tt_job *job, const tt_backend *be, tt_pass *base, tt_record *recs, char *msg);
    /* The reference value of grid value x (host/reference/). */
    int (*exact)(const tt_job *job, double x, tt_record *r, char *msg);
} tt_method_desc;

/* The descriptor of a method, or NULL. */
const tt_method_desc *tt_method_get(int id);
const tt_method_desc *tt_method_find(const char *name);
/* The methods' names, "tilt, threshold, ...", for messages. */
const char *tt_method_list(void);

/* Refusals most methods share. */
#define TT_REFUSE_TRIALS "trials applies to bon only (this method takes samples)"
#define TT_REFUSE_CONSTRUCT "c, a and q apply to construct only"
#define TT_REFUSE_ESTIMATOR "estimator applies to bon only"
#define TT_REFUSE_PROPOSAL "proposal applies to threshold, construct and bon with estimator weighted"

/* For descriptors: a rule that holds for every job, or for none. */
int tt_method_always(const tt_job *job);
int tt_method_never(const tt_job *job);

/* A pass of the job's model from base (key, threads, run, session). */
tt_pass tt_pass_of(const tt_pass *base, uint32_t stream, uint64_t items);
/* 1 when the job's passes of this kind run in single precision: asked for,
 * and the model's values (|U| <= |X| + |V|) within `reach` (TT_FLOAT_REACH,
 * or TT_FLOAT_REACH_SQUARES for passes that sum squares in float). */
int tt_job_single(const tt_job *job, double reach);
/* Records [first, first + n) say which precision their passes ran in. */
void tt_records_precision(tt_record *recs, int first, int n, int single);

#endif
