# Empty compiler generated dependencies file for fuzz_grid.
# This may be replaced when dependencies are built.
