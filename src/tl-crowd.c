/* tl-crowd.c: per-family counts per state and the crowd's metrics (see tl-crowd.h). */
#include "config.h"

#include "tl-crowd.h"

#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tl-cvec.h"
#include "tl.h"
#include "xalloc.h"

#define REC_SHIFT 12                 /* 4,096 records (32 KiB) a chunk */
#define BLK_SHIFT 8                  /* 256 records a block */
#define BLK_RECS (1u << BLK_SHIFT)
#define BLKV_SHIFT (REC_SHIFT - BLK_SHIFT)  /* a chunk of blocks covers a chunk of records */
#define RT_MAX (((uint64_t)1 << 56) - 1)

static_assert(REC_ST_COUNT <= 16, "a state fits 4 bits");

/* Per block of records: the time of its first record, the counts before it
 * and the integral of each count from the first event up to that time. */
struct cr_blk {
	uint64_t rt;
	uint64_t cum[REC_ST_COUNT];
	uint16_t cnt[REC_ST_COUNT];
};

/* A value that holds from t on (members in flight, metric samples). */
struct cr_step {
	uint64_t t;
	int64_t v;
};

struct cr_fin {
	uint64_t t;
	uint64_t lat;  /* UINT64_MAX: it never arrived */
};

_Static_assert(offsetof(struct cr_step, t) == 0 && offsetof(struct cr_fin, t) == 0,
    "cr_time_find reads a record's time at its start");

#define LAT_NONE UINT64_MAX

struct cr_fam {
	int first, count;
	struct tl_cvec rec;   /* uint64_t: rt << 8 | from << 4 | to */
	struct tl_cvec blk;   /* struct cr_blk, one per BLK_RECS records */
	uint16_t cnt[REC_ST_COUNT];     /* counts now */
	uint64_t cum[REC_ST_COUNT];     /* integral of cnt[s] up to last[s] */
	uint64_t last[REC_ST_COUNT];
	struct cr_blk base;   /* where the kept records start (the first event, or a cut) */
	struct cr_step *flight;
	size_t nflight, flight_cap;
	struct cr_fin *fin;
	size_t nfin, fin_cap;
	struct tl_family_stats st;
};

enum { MEMBER_IDLE, MEMBER_IN_FLIGHT, MEMBER_GONE };

struct tl_crowd {
	size_t nactors, nfam;
	int32_t *fam_of;
	uint64_t *arrive;     /* per actor: its arrival time */
	uint8_t *flag;        /* per actor: MEMBER_* */
	struct cr_fam *fams;  /* nfam + 1: the last is every family together (no state records) */
	struct cr_step *metric[REC_METRIC_COUNT];
	size_t nmetric[REC_METRIC_COUNT], metric_cap[REC_METRIC_COUNT];
	uint64_t t_base;
	bool started;
};

struct tl_crowd *
tl_crowd_new(const struct prog_variant *var)
{
	struct tl_crowd *c = xcalloc(1, sizeof *c);

	c->nactors = var ? var->nactors : 0;
	c->nfam = var ? var->nfamilies : 0;
	c->fam_of = xmalloc((c->nactors ? c->nactors : 1) * sizeof *c->fam_of);
	for (size_t a = 0; a < c->nactors; a++)
		c->fam_of[a] = -1;
	c->fams = xcalloc(c->nfam + 1, sizeof *c->fams);
	for (size_t f = 0; f < c->nfam; f++) {
		struct cr_fam *F = &c->fams[f];
		const struct prog_family *pf = &var->families[f];
		F->first = pf->first;
		F->count = pf->count;
		if (F->first < 0 || F->count < 0 || F->count > UINT16_MAX ||
		    (size_t)F->first + (size_t)F->count > c->nactors)
			F->count = 0;  /* not a family we can count */
		for (int i = 0; i < F->count; i++)
			c->fam_of[F->first + i] = (int32_t)f;
		tl_cvec_init(&F->rec, sizeof(uint64_t), REC_SHIFT);
		tl_cvec_init(&F->blk, sizeof(struct cr_blk), BLKV_SHIFT);
		F->cnt[REC_ST_NEW] = (uint16_t)F->count;
		F->base.cnt[REC_ST_NEW] = (uint16_t)F->count;
	}
	c->fams[c->nfam].first = -1;
	c->arrive = xcalloc(c->nactors ? c->nactors : 1, sizeof *c->arrive);
	c->flag = xcalloc(c->nactors ? c->nactors : 1, sizeof *c->flag);
	return c;
}

void
tl_crowd_free(struct tl_crowd *c)
{
	if (c == NULL)
		return;
	for (size_t f = 0; f <= c->nfam; f++) {
		tl_cvec_done(&c->fams[f].rec);
		tl_cvec_done(&c->fams[f].blk);
		free(c->fams[f].flight);
		free(c->fams[f].fin);
	}
	for (int m = 0; m < REC_METRIC_COUNT; m++)
		free(c->metric[m]);
	free(c->fams);
	free(c->fam_of);
	free(c->arrive);
	free(c->flag);
	free(c);
}

void
tl_crowd_start(struct tl_crowd *c, uint64_t t)
{
	if (!c->started) {
		c->started = true;
		c->t_base = t;
	}
}

size_t tl_crowd_nfamilies(const struct tl_crowd *c) { return c->nfam; }

int
tl_crowd_family(const struct tl_crowd *c, int actor)
{
	return actor >= 0 && (size_t)actor < c->nactors ? c->fam_of[actor] : -1;
}

static uint64_t
cr_rt(const struct tl_crowd *c, uint64_t t)
{
	uint64_t rt = t > c->t_base ? t - c->t_base : 0;
	return rt < RT_MAX ? rt : RT_MAX;
}

/* Brings the running integral of state S up to RT. */
static inline void
cr_settle(struct cr_fam *F, int s, uint64_t rt)
{
	F->cum[s] += (uint64_t)F->cnt[s] * (rt - F->last[s]);
	F->last[s] = rt;
}

void
tl_crowd_state(struct tl_crowd *c, int actor, uint64_t t, uint8_t from, uint8_t to)
{
	struct cr_fam *F;
	uint64_t rt;
	int f = tl_crowd_family(c, actor);

	if (f < 0 || from == to || from >= REC_ST_COUNT || to >= REC_ST_COUNT || !c->started)
		return;
	F = &c->fams[f];
	if (F->cnt[from] == 0)
		return;  /* cannot happen when the model reports every change */
	rt = cr_rt(c, t);
	if ((F->rec.n & (BLK_RECS - 1)) == 0) {
		struct cr_blk *b = tl_cvec_push(&F->blk);
		for (int s = 0; s < REC_ST_COUNT; s++)
			cr_settle(F, s, rt);
		b->rt = rt;
		memcpy(b->cum, F->cum, sizeof b->cum);
		memcpy(b->cnt, F->cnt, sizeof b->cnt);
	}
	cr_settle(F, from, rt);
	cr_settle(F, to, rt);
	F->cnt[from]--;
	F->cnt[to]++;
	*(uint64_t *)tl_cvec_push(&F->rec) = rt << 8 | (uint64_t)from << 4 | to;
}

/* Appends (T, V) to a step function; a step at the same time replaces the last. */
static void
cr_step_push(struct cr_step **v, size_t *n, size_t *cap, uint64_t t, int64_t val)
{
	if (*n > 0 && (*v)[*n - 1].t == t) {
		(*v)[*n - 1].v = val;
		return;
	}
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[*n].t = t;
	(*v)[*n].v = val;
	(*n)++;
}

static void
cr_flight(struct cr_fam *F, uint64_t t, int delta)
{
	F->st.inflight = (uint32_t)((int64_t)F->st.inflight + delta);
	cr_step_push(&F->flight, &F->nflight, &F->flight_cap, t, F->st.inflight);
}

void
tl_crowd_event(struct tl_crowd *c, const struct rec_event *ev, uint64_t t)
{
	int f = tl_crowd_family(c, ev->actor);
	struct cr_fam *F, *all = &c->fams[c->nfam];

	if (ev->kind == REC_METRIC) {
		if (ev->res >= 0 && ev->res < REC_METRIC_COUNT)
			cr_step_push(&c->metric[ev->res], &c->nmetric[ev->res], &c->metric_cap[ev->res],
			    t, ev->value);
		return;
	}
	if (f < 0)
		return;
	F = &c->fams[f];
	switch ((enum rec_kind)ev->kind) {
	case REC_ARRIVE:
		if (c->flag[ev->actor] != MEMBER_IDLE)
			break;
		c->flag[ev->actor] = MEMBER_IN_FLIGHT;
		c->arrive[ev->actor] = t;
		F->st.arrived++;
		all->st.arrived++;
		cr_flight(F, t, 1);
		cr_flight(all, t, 1);
		break;
	case REC_EXIT:
	case REC_REFUSED:
		if (ev->kind == REC_EXIT) {
			struct cr_fin fin = { t, c->flag[ev->actor] == MEMBER_IN_FLIGHT
			    ? t - c->arrive[ev->actor] : LAT_NONE };
			F->fin = xgrow(F->fin, &F->fin_cap, F->nfin + 1, sizeof *F->fin);
			F->fin[F->nfin++] = fin;
			all->fin = xgrow(all->fin, &all->fin_cap, all->nfin + 1, sizeof *all->fin);
			all->fin[all->nfin++] = fin;
			F->st.finished++;
			all->st.finished++;
		} else {
			F->st.refused++;
			all->st.refused++;
		}
		if (c->flag[ev->actor] == MEMBER_IN_FLIGHT) {
			cr_flight(F, t, -1);
			cr_flight(all, t, -1);
		}
		c->flag[ev->actor] = MEMBER_GONE;
		break;
	case REC_TIMEOUT:
		F->st.timeouts++;
		all->st.timeouts++;
		break;
	default:
		break;
	}
}

void
tl_crowd_drop_before(struct tl_crowd *c, uint64_t t)
{
	uint64_t rt;

	if (!c->started)
		return;
	rt = cr_rt(c, t);
	for (size_t f = 0; f < c->nfam; f++) {
		struct cr_fam *F = &c->fams[f];
		size_t per = (size_t)1 << REC_SHIFT, k = F->rec.first;
		/* keep the chunk holding rt: drop whole chunks whose successor starts by rt */
		while (1) {
			size_t next = (k / per + 1) * per;
			if (next >= F->rec.n || (*(uint64_t *)tl_cvec_at(&F->rec, next) >> 8) > rt)
				break;
			k = next;
		}
		if (k > F->rec.first) {
			F->base = *(struct cr_blk *)tl_cvec_at(&F->blk, k >> BLK_SHIFT);
			tl_cvec_drop_before(&F->rec, k);
			tl_cvec_drop_before(&F->blk, k >> BLK_SHIFT);
		}
	}
}

size_t
tl_crowd_bytes(const struct tl_crowd *c)
{
	size_t b = sizeof *c + c->nactors * (sizeof *c->fam_of + sizeof *c->arrive + sizeof *c->flag);

	for (size_t f = 0; f <= c->nfam; f++) {
		const struct cr_fam *F = &c->fams[f];
		b += sizeof *F + tl_cvec_bytes(&F->rec) + tl_cvec_bytes(&F->blk) +
		    F->flight_cap * sizeof *F->flight + F->fin_cap * sizeof *F->fin;
	}
	for (int m = 0; m < REC_METRIC_COUNT; m++)
		b += c->metric_cap[m] * sizeof *c->metric[m];
	return b;
}

uint64_t
tl_crowd_known_from(const struct tl_crowd *c, int f)
{
	if (f < 0 || (size_t)f >= c->nfam)
		return c->t_base;
	return c->t_base + c->fams[f].base.rt;
}

/* ---- counts between instants ----------------------------------------------------- */

/* A position in a family's records: the counts at rt (records at rt applied),
 * and the integral of each up to rt; k is the next record to apply. */
struct cr_pos {
	uint64_t rt;
	size_t k;
	bool valid;
	uint64_t cum[REC_ST_COUNT];
	uint16_t cnt[REC_ST_COUNT];
};

static inline uint64_t
cr_rec(const struct cr_fam *F, size_t k)
{
	return *(const uint64_t *)tl_cvec_at(&F->rec, k);
}

static inline const struct cr_blk *
cr_blk_at(const struct cr_fam *F, size_t k)
{
	return tl_cvec_at(&F->blk, k >> BLK_SHIFT);
}

/* The first record of the last block starting at or before RT, searching from block start LO;
 * SIZE_MAX when RT is before every block (then the base applies). */
static size_t
cr_blk_find(const struct cr_fam *F, size_t lo, uint64_t rt)
{
	size_t l = lo >> BLK_SHIFT, h = F->blk.n;

	if (l < F->blk.first)
		l = F->blk.first;
	/* first block in [l, h) starting after rt */
	while (l < h) {
		size_t mid = l + (h - l) / 2;
		if (((const struct cr_blk *)tl_cvec_at(&F->blk, mid))->rt <= rt)
			l = mid + 1;
		else
			h = mid;
	}
	if (l == F->blk.first)
		return SIZE_MAX;
	return (l - 1) << BLK_SHIFT;
}

/* Moves P forward to RT (>= P->rt once valid): walks the records between, or
 * jumps to the block sums when a block starts on the way. */
static void
cr_pos_move(const struct cr_fam *F, struct cr_pos *p, uint64_t rt)
{
	uint64_t last[REC_ST_COUNT];
	size_t k, nb = p->valid ? (p->k + BLK_RECS - 1) & ~(size_t)(BLK_RECS - 1) : 0;

	if (!p->valid || (nb < F->rec.n && cr_blk_at(F, nb)->rt <= rt)) {
		size_t b = cr_blk_find(F, p->valid ? nb : F->rec.first, rt);
		const struct cr_blk *blk = b == SIZE_MAX ? &F->base : cr_blk_at(F, b);
		p->k = b == SIZE_MAX ? F->rec.first : b;
		p->rt = blk->rt;
		memcpy(p->cum, blk->cum, sizeof p->cum);
		memcpy(p->cnt, blk->cnt, sizeof p->cnt);
		p->valid = true;
	}
	for (int s = 0; s < REC_ST_COUNT; s++)
		last[s] = p->rt;
	for (k = p->k; k < F->rec.n; k++) {
		uint64_t r = cr_rec(F, k), t = r >> 8;
		unsigned from = (r >> 4) & 15, to = r & 15;
		if (t > rt)
			break;
		p->cum[from] += (uint64_t)p->cnt[from] * (t - last[from]);
		last[from] = t;
		p->cum[to] += (uint64_t)p->cnt[to] * (t - last[to]);
		last[to] = t;
		p->cnt[from]--;
		p->cnt[to]++;
	}
	for (int s = 0; s < REC_ST_COUNT; s++)
		p->cum[s] += (uint64_t)p->cnt[s] * (rt - last[s]);
	p->k = k;
	p->rt = rt;
}

void
tl_crowd_columns(const struct tl_crowd *c, int f, const uint64_t *c0, const uint64_t *c1,
    int w, uint64_t t_end, uint64_t (*out)[REC_ST_COUNT])
{
	const struct cr_fam *F;
	struct cr_pos e0, e1;
	uint64_t lo;

	if (f < 0 || (size_t)f >= c->nfam || !c->started || c->fams[f].count == 0)
		return;
	F = &c->fams[f];
	lo = c->t_base + F->base.rt;
	e0.valid = e1.valid = false;
	for (int i = 0; i < w; i++) {
		uint64_t a = c0[i] > lo ? c0[i] : lo, b = c1[i] < t_end ? c1[i] : t_end;
		if (b <= a)
			continue;
		a -= c->t_base;
		b -= c->t_base;
		if (e1.valid && e1.rt == a)
			e0 = e1;
		else
			cr_pos_move(F, &e0, a);
		if (!e1.valid || e1.rt < e0.rt)
			e1 = e0;
		cr_pos_move(F, &e1, b);
		for (int s = 0; s < REC_ST_COUNT; s++)
			out[i][s] += e1.cum[s] - e0.cum[s];
	}
}

bool
tl_crowd_at(const struct tl_crowd *c, int f, uint64_t t, uint32_t *out)
{
	const struct cr_fam *F;
	struct cr_pos p;

	if (f < 0 || (size_t)f >= c->nfam || !c->started || c->fams[f].count == 0)
		return false;
	F = &c->fams[f];
	if (t < c->t_base + F->base.rt)
		return false;
	p.valid = false;
	cr_pos_move(F, &p, cr_rt(c, t));
	for (int s = 0; s < REC_ST_COUNT; s++)
		out[s] += p.cnt[s];
	return true;
}

size_t
tl_crowd_nchanges(const struct tl_crowd *c, int f)
{
	if (f < 0 || (size_t)f >= c->nfam)
		return 0;
	return c->fams[f].rec.n - c->fams[f].rec.first;
}

void
tl_crowd_changes_base(const struct tl_crowd *c, int f, uint32_t *out)
{
	for (int s = 0; s < REC_ST_COUNT; s++)
		out[s] = f >= 0 && (size_t)f < c->nfam ? c->fams[f].base.cnt[s] : 0;
}

void
tl_crowd_change(const struct tl_crowd *c, int f, size_t i, uint64_t *t, uint8_t *from, uint8_t *to)
{
	const struct cr_fam *F = &c->fams[f];
	uint64_t r = cr_rec(F, F->rec.first + i);

	*t = c->t_base + (r >> 8);
	*from = (uint8_t)((r >> 4) & 15);
	*to = (uint8_t)(r & 15);
}

/* ---- metrics ------------------------------------------------------------------------ */

static const struct cr_fam *
cr_fam(const struct tl_crowd *c, int f)
{
	return f >= 0 && (size_t)f < c->nfam ? &c->fams[f] : &c->fams[c->nfam];
}

void
tl_crowd_stats(const struct tl_crowd *c, int f, struct tl_family_stats *out)
{
	*out = cr_fam(c, f)->st;
}

static int
cr_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The nearest-rank P-th percentile of the N values V (sorted here). */
static uint64_t
cr_percentile(uint64_t *v, size_t n, double p)
{
	double x = p / 100.0 * (double)n;
	size_t r = (size_t)x;  /* the rank: x rounded up (without libm) */
	size_t i;

	if ((double)r < x)
		r++;
	i = r < 1 ? 0 : r - 1;

	qsort(v, n, sizeof *v, cr_u64_cmp);
	return v[i < n ? i : n - 1];
}

/* The known latencies of FIN [I, J) into V; returns how many. */
static size_t
cr_lats(const struct cr_fin *fin, size_t i, size_t j, uint64_t *v)
{
	size_t n = 0;
	for (; i < j; i++)
		if (fin[i].lat != LAT_NONE)
			v[n++] = fin[i].lat;
	return n;
}

bool
tl_crowd_latency(const struct tl_crowd *c, int f, double p, uint64_t *out)
{
	const struct cr_fam *F = cr_fam(c, f);
	uint64_t *v = xmalloc((F->nfin + 1) * sizeof *v);
	size_t n = cr_lats(F->fin, 0, F->nfin, v);

	if (n > 0)
		*out = cr_percentile(v, n, p);
	free(v);
	return n > 0;
}

size_t
tl_crowd_nflight(const struct tl_crowd *c, int f)
{
	return cr_fam(c, f)->nflight;
}

void
tl_crowd_flight(const struct tl_crowd *c, int f, size_t i, uint64_t *t, uint32_t *n)
{
	const struct cr_fam *F = cr_fam(c, f);

	*t = F->flight[i].t;
	*n = (uint32_t)F->flight[i].v;
}

bool
tl_crowd_metric_any(const struct tl_crowd *c, int f, int m)
{
	const struct cr_fam *F = cr_fam(c, f);

	switch (m) {
	case TL_METRIC_INFLIGHT: return F->nflight > 0;
	case TL_METRIC_COMPLETIONS: return F->nfin > 0;
	case TL_METRIC_LATENCY_P50:
	case TL_METRIC_LATENCY_P99:
		for (size_t i = 0; i < F->nfin; i++)
			if (F->fin[i].lat != LAT_NONE)
				return true;
		return false;
	case TL_METRIC_THREADS: return c->nmetric[REC_METRIC_THREADS] > 0;
	case TL_METRIC_RSS_KB: return c->nmetric[REC_METRIC_RSS_KB] > 0;
	default: return false;
	}
}

/* The first of N records (each STRIDE bytes, starting with its uint64_t time)
 * at BASE whose time is >= T: steps and finishes are both searched this way. */
static size_t
cr_time_find(const void *base, size_t stride, size_t n, uint64_t t)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (*(const uint64_t *)(const void *)((const char *)base + mid * stride) < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Per column: the highest step value in [c0, c1), else the one in force at c0; NAN when none is.
 * NONE_IS_ZERO: before the first step the value is 0 (members in flight), not unknown. */
static void
cr_step_columns(const struct cr_step *v, size_t n, const uint64_t *c0, const uint64_t *c1, int w,
    bool none_is_zero, double *out)
{
	for (int i = 0; i < w; i++) {
		size_t k = cr_time_find(v, sizeof *v, n, c0[i]);
		bool have = false;
		int64_t best = 0;
		if (k < n && v[k].t == c0[i]) {
			/* the step at c0 is in force there */
		} else if (k > 0) {
			best = v[k - 1].v;
			have = true;
		} else if (none_is_zero) {
			have = true;
		}
		for (; k < n && v[k].t < c1[i]; k++) {
			if (!have || v[k].v > best)
				best = v[k].v;
			have = true;
		}
		if (!have && n > 0 && none_is_zero)
			have = true;
		out[i] = have ? (double)best : NAN;
	}
}

void
tl_crowd_metric_columns(const struct tl_crowd *c, int f, int m, const uint64_t *c0,
    const uint64_t *c1, int w, uint64_t t_end, double *out)
{
	const struct cr_fam *F = cr_fam(c, f);

	switch (m) {
	case TL_METRIC_INFLIGHT:
		cr_step_columns(F->flight, F->nflight, c0, c1, w, true, out);
		break;
	case TL_METRIC_THREADS:
		cr_step_columns(c->metric[REC_METRIC_THREADS], c->nmetric[REC_METRIC_THREADS], c0, c1, w,
		    false, out);
		break;
	case TL_METRIC_RSS_KB:
		cr_step_columns(c->metric[REC_METRIC_RSS_KB], c->nmetric[REC_METRIC_RSS_KB], c0, c1, w,
		    false, out);
		break;
	case TL_METRIC_COMPLETIONS:
	case TL_METRIC_LATENCY_P50:
	case TL_METRIC_LATENCY_P99: {
		uint64_t *v = m == TL_METRIC_COMPLETIONS ? NULL : xmalloc((F->nfin + 1) * sizeof *v);
		for (int i = 0; i < w; i++) {
			size_t a = cr_time_find(F->fin, sizeof *F->fin, F->nfin, c0[i]), b = a, n;
			while (b < F->nfin && F->fin[b].t < c1[i])
				b++;
			if (m == TL_METRIC_COMPLETIONS) {
				out[i] = (double)(b - a) * 1e9 / (double)(c1[i] - c0[i]);
				continue;
			}
			n = cr_lats(F->fin, a, b, v);
			out[i] = n == 0 ? NAN : (double)cr_percentile(v, n,
			    m == TL_METRIC_LATENCY_P50 ? 50.0 : 99.0);
		}
		free(v);
		break;
	}
	default:
		for (int i = 0; i < w; i++)
			out[i] = NAN;
		break;
	}
	/* nothing is known outside [first event, t_end] */
	for (int i = 0; i < w; i++)
		if (!c->started || c0[i] > t_end || c1[i] <= c->t_base)
			out[i] = NAN;
}
