"""Symbolic helpers: expectations, named quantities, sums and tables."""
