/* stream.h (host): which Philox stream (counter word 3) each pass draws
 * from: a hash of the pass's identity, so that a record depends on its own
 * point only, never on the rest of its grid. The counter layout and the
 * chunking are in include/tailtilt/stream.h. */
#ifndef TAILTILT_CORE_STREAM_H
#define TAILTILT_CORE_STREAM_H

#include "tailtilt.h"

/* One pass shared by a grid (tilt, threshold, construct): the model. */
uint32_t tt_stream_model(const tt_job *job);
/* Best-of-n tournaments: the model and n. */
uint32_t tt_stream_model_n(const tt_job *job, double n);
/* An importance-sampled point: the model, the method, t and the proposal
 * asked for. */
uint32_t tt_stream_importance(const tt_job *job, const char *method, double t);
/* The weighted best-of-N's sample set: the model, marked as the set's, and
 * the proposal asked for. */
uint32_t tt_stream_sample_set(const tt_job *job);

#endif
