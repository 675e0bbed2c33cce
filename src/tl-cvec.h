/* tl-cvec.h: chunked vectors for the timeline model: fixed-size elements in
 * fixed-size chunks, indexed by absolute position, freed from the front a
 * chunk at a time.
 *
 * The last chunk is allocated small (TL_CVEC_MIN elements) and doubled as it
 * fills, so the thousands of actors of a crowd, each with a few spans, do not
 * each hold a whole chunk.  Growing it may move the last chunk: a pointer
 * into it is good only until the next tl_cvec_push on the same vector.
 */
#ifndef KS_TL_CVEC_H
#define KS_TL_CVEC_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define TL_CVEC_MIN 4   /* elements the last chunk starts with */

/* Elements [first, n) by absolute index; whole chunks below first are freed. */
struct tl_cvec {
	char **chunks;        /* chunks[k] holds absolute chunk base + k */
	size_t nchunks, cap;  /* used and allocated slots of chunks */
	size_t base;          /* absolute chunk number of chunks[0] */
	size_t first, n;
	size_t esize;
	size_t lastcap;       /* elements allocated in the last chunk */
	unsigned shift;       /* 1 << shift elements a (full) chunk */
};

static inline void
tl_cvec_init(struct tl_cvec *v, size_t esize, unsigned shift)
{
	memset(v, 0, sizeof *v);
	v->esize = esize;
	v->shift = shift;
}

static inline void
tl_cvec_done(struct tl_cvec *v)
{
	for (size_t k = 0; k < v->nchunks; k++)
		free(v->chunks[k]);
	free(v->chunks);
	memset(v, 0, sizeof *v);
}

static inline void *
tl_cvec_at(const struct tl_cvec *v, size_t i)
{
	size_t mask = ((size_t)1 << v->shift) - 1;
	return v->chunks[(i >> v->shift) - v->base] + (i & mask) * v->esize;
}

/* A new zeroed element at the end. */
static inline void *
tl_cvec_push(struct tl_cvec *v)
{
	size_t k = v->n >> v->shift, full = (size_t)1 << v->shift;
	size_t in = v->n & (full - 1);

	if (v->nchunks == 0)
		v->base = k;
	if (k - v->base >= v->nchunks) {
		/* (after a pop below a chunk's start the chunk is still there) */
		v->chunks = xgrow(v->chunks, &v->cap, v->nchunks + 1, sizeof *v->chunks);
		v->lastcap = full < TL_CVEC_MIN ? full : TL_CVEC_MIN;
		v->chunks[v->nchunks++] = xmalloc(v->lastcap * v->esize);
	} else if (k - v->base == v->nchunks - 1 && in >= v->lastcap) {
		v->lastcap *= 2;
		v->chunks[v->nchunks - 1] = xrealloc(v->chunks[v->nchunks - 1], v->lastcap * v->esize);
	}
	return memset(tl_cvec_at(v, v->n++), 0, v->esize);
}

/* Forgets elements below I (chunk-aligned freeing; I must not exceed n). */
static inline void
tl_cvec_drop_before(struct tl_cvec *v, size_t i)
{
	size_t k = 0;

	if (i <= v->first)
		return;
	v->first = i;
	while (k + 1 < v->nchunks && ((v->base + k + 1) << v->shift) <= i)
		free(v->chunks[k++]);
	if (k > 0) {
		memmove(v->chunks, v->chunks + k, (v->nchunks - k) * sizeof *v->chunks);
		v->nchunks -= k;
		v->base += k;
	}
}

/* Bytes held: full chunks, the last chunk as allocated, the chunk table. */
static inline size_t
tl_cvec_bytes(const struct tl_cvec *v)
{
	if (v->nchunks == 0)
		return v->cap * sizeof *v->chunks;
	return (v->nchunks - 1) * (v->esize << v->shift) + v->lastcap * v->esize +
	    v->cap * sizeof *v->chunks;
}

#endif
