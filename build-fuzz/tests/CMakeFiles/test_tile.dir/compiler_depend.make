# Empty compiler generated dependencies file for test_tile.
# This may be replaced when dependencies are built.
