/* progress.h: what a learner has done, kept between sessions: lessons seen,
 * questions answered (and whether rightly), challenges solved (with the
 * fewest steps they took).
 *
 * One plain-text file per user, $XDG_STATE_HOME/kitchensync/progress (else
 * ~/.local/state/kitchensync/progress), one fact a line:
 *
 *   kitchensync-progress 1
 *   seen SCENARIO
 *   answer SCENARIO VARIANT QUESTION right|wrong
 *   solved SCENARIO VARIANT STEPS FEWEST
 *
 * Names are written with bytes up to space, '%' and DEL as %XX.  Facts only
 * ever get better (a question once answered right stays right; a challenge
 * keeps its fewest steps), so two sessions merge by taking the better of each.
 * It is written atomically (a temporary file in the same directory, then
 * rename); a damaged file is ignored with a warning, kept beside as
 * progress.damaged when progress is next saved, and never read further.
 *
 * progress.c calls: xalloc.  Called by: the terminal UI (tui/app.c, state.c,
 * learn.c, catalog.c); tests/check_progress.c.
 */
#ifndef KS_PROGRESS_H
#define KS_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

struct progress;

/* The progress file of this user (allocated), or NULL when neither
 * XDG_STATE_HOME (absolute) nor HOME says where it goes. */
char *progress_default_path(void);

/* Empty progress kept in PATH (copied; NULL: kept in memory only). */
struct progress *progress_new(const char *path);
/* How many slots of the facts' index all progress lookups so far have
 * looked at: the measure of their cost tests assert (a few per fact). */
unsigned long progress_probes(void);
void progress_free(struct progress *p);
const char *progress_path(const struct progress *p);

/* Reads the file: 0 (a missing file is no progress yet), or -1 with *WARN
 * set (allocated) when it cannot be read or is damaged; then P stays empty. */
int progress_load(struct progress *p, char **warn);
/* Writes P atomically, merged with what the file holds now (another session
 * may have written it).  0, or -1 with *ERR set (allocated). */
int progress_save(struct progress *p, char **err);

/* Record a fact; true when P changed. */
bool progress_set_seen(struct progress *p, const char *scenario);
bool progress_set_answer(struct progress *p, const char *scenario, const char *variant, size_t question,
    bool right);
/* STEPS: the steps the learner took; FEWEST: the fewest possible, 0 when unknown. */
bool progress_set_solved(struct progress *p, const char *scenario, const char *variant, unsigned steps,
    unsigned fewest);

bool progress_seen(const struct progress *p, const char *scenario);
/* -1: never answered; 0: answered, never right; 1: answered right. */
int progress_answer(const struct progress *p, const char *scenario, const char *variant, size_t question);
/* Whether solved; the fewest steps taken and the fewest possible (0: unknown). */
bool progress_solved(const struct progress *p, const char *scenario, const char *variant, unsigned *steps,
    unsigned *fewest);

#endif
