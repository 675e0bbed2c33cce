## A challenge's goal judged from a run's events, for the headless run and the TUI.
src_libks_a_SOURCES += src/goal.c src/goal.h
