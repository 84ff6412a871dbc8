"""High-precision numerics on private mpmath contexts: evaluation, quadrature, solvers."""
