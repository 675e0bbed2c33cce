# KS_CHECK_CFLAGS(VARIABLE, FLAGS)
# Appends to VARIABLE each flag in FLAGS that the C compiler accepts without
# a warning.  Written for this project so no extra macro archive is needed.
AC_DEFUN([KS_CHECK_CFLAGS], [
  for ks_flag in $2; do
    AC_MSG_CHECKING([whether $CC accepts $ks_flag])
    ks_save_CFLAGS=$CFLAGS
    CFLAGS="$CFLAGS -Werror $ks_flag"
    ks_save_LDFLAGS=$LDFLAGS
    LDFLAGS="$LDFLAGS $ks_flag"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([], [return 0;])],
      [AC_MSG_RESULT([yes]); $1="${$1} $ks_flag"],
      [AC_MSG_RESULT([no])])
    CFLAGS=$ks_save_CFLAGS
    LDFLAGS=$ks_save_LDFLAGS
  done
  AC_SUBST([$1])
])
