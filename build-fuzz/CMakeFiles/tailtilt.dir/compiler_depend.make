# Empty compiler generated dependencies file for tailtilt.
# This may be replaced when dependencies are built.
