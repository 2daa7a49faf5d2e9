# Empty dependencies file for test_accum.
# This may be replaced when dependencies are built.
