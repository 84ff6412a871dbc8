"""Data of the continuous families, grouped by support (see :mod:`symbolic_info.families`)."""
