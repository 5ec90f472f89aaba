"""Write seeded synthetic plans (and, with ``--gold``, their expected extraction) to a folder.

A thin command-line wrapper: the generator is `loaders.synthetic.plans`, which tests, notebooks and the
other benchmarks import directly. Usage::

    python benchmarks/generate_plans.py OUT_DIR --count 100 --seed 7 [--gold]
"""

from __future__ import annotations

from loaders.synthetic.plans import main

if __name__ == "__main__":
    main()
