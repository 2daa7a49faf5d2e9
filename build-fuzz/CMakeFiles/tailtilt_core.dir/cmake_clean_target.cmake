file(REMOVE_RECURSE
  "libtailtilt_core.a"
)
