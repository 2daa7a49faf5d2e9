/* proposals.h: the importance-sampling proposal of a point (proposal.h) or
 * its conditional Monte Carlo set-up, chosen from the laws: which components
 * the laws allow, and their shares from the probability each way of passing
 * the level carries (reference/regions.c). */
#ifndef TAILTILT_PROPOSALS_H
#define TAILTILT_PROPOSALS_H

#include "methods/method.h"

/* P(U >= t) where X leads and where V leads (NAN where unknown). */
typedef struct {
    double x_lead, v_lead;
} tt_lead_mass;

/* The proposal for level t (y = X when y_is_error, else U); requested: a
 * TT_PROPOSAL_* or TT_PROPOSAL_AUTO (plain sampling where P(y >= t) > 1e-2,
 * else the mixture, or conditional Monte Carlo when asked). TT_EINVAL when an
 * explicit proposal cannot apply to the laws. mass may be NULL. */
int tt_proposal_choose(const tt_job *job, double t, int y_is_error, int requested, tt_proposal *p,
                       tt_lead_mass *mass, char *msg);

/* Conditional Monte Carlo at level t: integrate the coordinate that carries
 * more of P(y >= t) (one with a finite mean where the other's is infinite),
 * sample the other from its law and its tail. */
int tt_conditional_setup(const tt_job *job, double t, int y_is_error, const tt_lead_mass *mass,
                         tt_conditional_work *w, char *msg);

/* Why a proposal cannot reach a way that carries more than 1e-3 of P(y >= t)
 * (NULL: it reaches both), for the record's reason. */
const char *tt_proposal_blind_spot(const tt_proposal *p, const tt_lead_mass *mass);

#endif
