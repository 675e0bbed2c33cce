/* tl-at.h: snapshots of a run at one instant, apart from the model that makes them.
 *
 * struct tl_at and tl_at_copy, tl_at_apply and tl_at_free are declared in
 * tl.h, for every view; this adds what only the model needs.
 */
#ifndef KS_TL_AT_H
#define KS_TL_AT_H

#include <stddef.h>

#include "tl.h"

/* A snapshot before anything happened: every value at its init (VAR's declarations; NULL: 0),
 * no holders, waiters or items, every actor not started. */
struct tl_at *tl_at_new_empty(const struct prog_variant *var, size_t nres, size_t nactors);

#endif
