"""The engine: the Entry/Draft contract, step checking, verification, the step cache."""
