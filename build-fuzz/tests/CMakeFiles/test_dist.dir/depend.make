# Empty dependencies file for test_dist.
# This may be replaced when dependencies are built.
