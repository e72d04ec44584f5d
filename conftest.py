pytest_plugins = ["cleanprod.testing.fixtures"]
