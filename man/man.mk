## man/man.mk: the manual pages, the scenarios they teach with, and the tests
## that keep them in step (man.sh) and run every variant headless (scenarios.sh).  (kitchensync-scenario.5 is listed by the
## language's own fragment.)

dist_man_MANS += man/kitchensync.1 man/kitchensync-tutorial.7

dist_scenarios_DATA += \
	scenarios/noodle.ks \
	scenarios/kitchen.ks \
	scenarios/race.ks \
	scenarios/deadlock.ks \
	scenarios/office.ks \
	scenarios/fetch.ks \
	scenarios/crunch.ks \
	scenarios/jobs.ks \
	scenarios/stoves.ks \
	scenarios/menu.ks \
	scenarios/server.ks \
	scenarios/chat.ks \
	scenarios/threads.ks \
	scenarios/transcode.ks \
	scenarios/offices.ks \
	scenarios/diners.ks \
	scenarios/bank.ks

TESTS += tests/man.sh tests/scenarios.sh tests/po.sh
EXTRA_DIST += tests/man.sh tests/scenarios.sh tests/po.sh tests/installed.sh

# The installed program, from its installed files (distcheck runs this).
installcheck-local:
	KITCHENSYNC='$(DESTDIR)$(bindir)/kitchensync' KS_SRCDIR='$(abs_top_srcdir)' \
	KS_MANDIR='$(DESTDIR)$(mandir)' $(SHELL) $(srcdir)/tests/installed.sh

# scenarios.sh times live runs; let the heavy suites finish first so that
# make -j does not run them beside it.
tests/scenarios.log: tests/check_eng.log tests/check_tui.log tests/tui.log \
	tests/check_rec.log tests/check_tl.log tests/eng.log
