# Empty dependencies file for test_is.
# This may be replaced when dependencies are built.
