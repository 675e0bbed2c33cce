/* i18n.h: gettext wrappers; every user-visible string goes through _(). */
#ifndef KS_I18N_H
#define KS_I18N_H

#include "config.h"

#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(one, many, n) ngettext((one), (many), (n))
#else
#define _(s) (s)
#define P_(one, many, n) ((n) == 1 ? (one) : (many))
#define textdomain(d) (d)
#define bindtextdomain(d, dir) (d)
#define bind_textdomain_codeset(d, c) (c)
#endif
/* Marks a string for translation where it is defined; _() translates it where shown. */
#define N_(s) (s)

#endif
