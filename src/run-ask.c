/* run-ask.c: a headless run's challenge and questions (see run-ask.h). */
#include "config.h"

#include "run-ask.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "goal.h"
#include "i18n.h"
#include "xalloc.h"

/* One answer S (LEN bytes) to question Q: a choice's index, or the number. */
static bool
ask_parse_one(const struct prog_question *q, const char *s, size_t len, prog_value *out)
{
	char buf[32], *end;
	long long n;

	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (q->kind == PROG_QUESTION_CHOICE && len == 1 && isalpha((unsigned char)buf[0])) {
		n = tolower((unsigned char)buf[0]) - 'a';
		if (n < 0 || (size_t)n >= q->nchoices)
			return false;
		*out = n;
		return true;
	}
	errno = 0;
	n = strtoll(buf, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	if (q->kind == PROG_QUESTION_CHOICE) {
		if (n < 1 || (size_t)n > q->nchoices)
			return false;
		n--;
	}
	*out = n;
	return true;
}

int
run_ask_parse(const struct prog_variant *v, const char *list, prog_value **out, char **err)
{
	const char *p = list;
	size_t i = 0;

	*out = NULL;
	if (v->nquestions == 0) {
		*err = xasprintf(_("--answer: variant %s asks no questions"), v->name);
		return -1;
	}
	*out = xcalloc(v->nquestions, sizeof **out);
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (i >= v->nquestions)
			goto count;
		if (!ask_parse_one(&v->questions[i], p, len, &(*out)[i])) {
			const struct prog_question *q = &v->questions[i];
			*err = q->kind == PROG_QUESTION_CHOICE
			    ? xasprintf(_("--answer: '%.*s' is no choice of question %zu: give 1 to %zu or a to %c"),
				(int)len, p, i + 1, q->nchoices, (int)('a' + (q->nchoices - 1) % 26))
			    : xasprintf(_("--answer: question %zu asks for a whole number, not '%.*s'"),
				i + 1, (int)len, p);
			goto fail;
		}
		i++;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	if (i == v->nquestions)
		return 0;
count:
	*err = xasprintf(P_("--answer: variant %s asks %zu question; give one answer for it",
	    "--answer: variant %s asks %zu questions; give one answer each, comma-separated",
	    v->nquestions), v->name, v->nquestions);
fail:
	free(*out);
	*out = NULL;
	return -1;
}

void
run_ask_questions(FILE *out, const struct prog_variant *v, const char *lang)
{
	for (size_t i = 0; i < v->nquestions; i++) {
		const struct prog_question *q = &v->questions[i];
		fprintf(out, _("Question %zu: %s\n"), i + 1, prog_text_get(&q->text, lang));
		for (size_t j = 0; j < q->nchoices; j++)
			fprintf(out, "  %c) %s\n", (int)('a' + j % 26), prog_text_get(&q->choices[j].text, lang));
		if (q->kind == PROG_QUESTION_NUMBER)
			fputs(_("  (answer with a number)\n"), out);
	}
	if (v->nquestions > 0)
		fputc('\n', out);
}

void
run_ask_goal(FILE *out, const struct prog_variant *v, const struct tl *tl, const char *lang)
{
	const struct prog_challenge *ch = v->challenge;
	struct goal_result r;
	const char *hint, *explain;

	if (ch == NULL || !goal_check(tl, &r))
		return;
	fprintf(out, _("Challenge: %s\n"), prog_text_get(&ch->title, lang));
	if (r.reached) {
		fprintf(out, P_("  reached in %zu step: %s\n", "  reached in %zu steps: %s\n", r.steps),
		    r.steps, goal_kind_text(ch->goal));
		explain = prog_text_get(&ch->explain, lang);
		if (explain)
			fprintf(out, "  %s\n", explain);
		return;
	}
	fprintf(out, P_("  not reached in this run (%zu step): %s\n",
	    "  not reached in this run (%zu steps): %s\n", r.steps), r.steps, goal_kind_text(ch->goal));
	hint = prog_text_get(&ch->hint, lang);
	if (hint)
		fprintf(out, _("  hint: %s\n"), hint);
	fputs(_("  choose who moves: run --schedule LIST, or step mode in the terminal UI\n"), out);
}

/* The choices of Q that held, lettered, or a word when none did. */
static void
ask_right_choices(FILE *out, struct eng *e, const struct prog_question *q, const char *lang,
    bool *held)
{
	bool any = false;

	for (size_t j = 0; j < q->nchoices; j++) {
		held[j] = eng_outcome_judge(e, &q->choices[j].when, NULL);
		if (!held[j])
			continue;
		fprintf(out, "%s%c) %s", any ? "; " : "", (int)('a' + j % 26),
		    prog_text_get(&q->choices[j].text, lang));
		any = true;
	}
	if (!any)
		fputs(_("none of the choices"), out);
}

bool
run_ask_answers(FILE *out, struct eng *e, const struct prog_variant *v,
    const prog_value *given, const char *lang)
{
	bool all = true;

	if (v->nquestions > 0)
		fputs(_("Answers:\n"), out);
	for (size_t i = 0; i < v->nquestions; i++) {
		const struct prog_question *q = &v->questions[i];
		const char *explain = prog_text_get(&q->explain, lang);
		bool right;
		fprintf(out, _("  %zu. %s\n     the run says: "), i + 1, prog_text_get(&q->text, lang));
		if (q->kind == PROG_QUESTION_CHOICE) {
			bool *held = xcalloc(q->nchoices, sizeof *held);
			ask_right_choices(out, e, q, lang, held);
			right = given && held[given[i]];
			free(held);
		} else {
			struct prog_expect x = { .kind = PROG_EXPECT_TRUE, .expr = q->expr, .actor = -1 };
			prog_value value = 0;
			eng_outcome_judge(e, &x, &value);
			fprintf(out, "%lld", (long long)value);
			right = given && given[i] == value;
		}
		fputc('\n', out);
		if (given) {
			if (q->kind == PROG_QUESTION_CHOICE)
				fprintf(out, _("     you said: %c) %s: %s\n"), (int)('a' + given[i] % 26),
				    prog_text_get(&q->choices[given[i]].text, lang), right ? _("right") : _("wrong"));
			else
				fprintf(out, _("     you said: %lld: %s\n"), (long long)given[i],
				    right ? _("right") : _("wrong"));
			all = all && right;
		}
		if (explain)
			fprintf(out, "     %s\n", explain);
	}
	return all;
}
