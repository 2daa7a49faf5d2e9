/* passes.h (cpu): the CPU backend's passes, one file each (backend.h says
 * what each computes). */
#ifndef TAILTILT_CPU_PASSES_H
#define TAILTILT_CPU_PASSES_H

#include "backends/backend.h"

int tt_cpu_tilt(const tt_pass *p, tt_tilt_work *w, char *msg);
int tt_cpu_exceed(const tt_pass *p, tt_exceed_work *w, char *msg);
int tt_cpu_tournament(const tt_pass *p, tt_tournament_work *w, char *msg);
int tt_cpu_importance(const tt_pass *p, tt_importance_work *w, char *msg);
int tt_cpu_sample_set(const tt_pass *p, tt_sample_set_work *w, char *msg);
int tt_cpu_conditional(const tt_pass *p, tt_conditional_work *w, char *msg);

#endif
