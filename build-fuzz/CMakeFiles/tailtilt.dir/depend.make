# Empty dependencies file for tailtilt.
# This may be replaced when dependencies are built.
