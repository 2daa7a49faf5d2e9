# Empty compiler generated dependencies file for test_laws.
# This may be replaced when dependencies are built.
