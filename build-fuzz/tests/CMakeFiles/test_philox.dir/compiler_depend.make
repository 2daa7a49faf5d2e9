# Empty compiler generated dependencies file for test_philox.
# This may be replaced when dependencies are built.
