"""Tools for working on ilt-kit, not shipped with the package: the session driver shared by the
tests, the benchmarks and the example generator, and the generator of ``examples/``."""
