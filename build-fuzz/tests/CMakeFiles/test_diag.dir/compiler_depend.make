# Empty compiler generated dependencies file for test_diag.
# This may be replaced when dependencies are built.
