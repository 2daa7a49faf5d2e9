# Empty dependencies file for tailtilt_core.
# This may be replaced when dependencies are built.
