/* mpi_run.h: `mpirun -np K tailtilt run CONFIG`: one sweep across K ranks. */
#ifndef TAILTILT_MPI_RUN_H
#define TAILTILT_MPI_RUN_H

#include "cli/sweep.h"

/* 1 when this process was started by an MPI launcher (mpirun, srun). */
int tt_mpi_launched(void);
/* Runs the sweep across the ranks; every rank calls it; returns the exit code. */
int tt_mpi_sweep(const tt_sweep *s, const tt_sweep_options *o, uint64_t split_min, char *msg);

#endif
