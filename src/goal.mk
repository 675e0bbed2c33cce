## A challenge's goal judged from a run's events, for the headless run and the TUI.
src_libks_a_SOURCES += src/goal.c src/goal.h
# The headless run's side of challenges and questions.
src_libks_a_SOURCES += src/run-ask.c src/run-ask.h
