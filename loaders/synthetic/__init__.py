"""Generated plans with their expected extraction: for tests, benchmarks and notebooks, not for reading.

- `loaders.synthetic.plans` — seeded plans in every clause style (``python -m loaders.synthetic.plans``);
- `loaders.synthetic.corpora` — families and yearly series of plans (``python -m loaders.synthetic.corpora``).
- `loaders.synthetic.variants` — a real plan and its gold rewritten in equivalent styles (the robustness
  suite, ``benchmarks/robustness.py``).
"""
