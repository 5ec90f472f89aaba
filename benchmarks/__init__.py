"""Benchmarks and the seeded plan generator they (and the corpus tests) use."""
