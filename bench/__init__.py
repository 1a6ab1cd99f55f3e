"""The benchmark of the real workloads: ``make bench`` (see bench/run.py and the README's Performance section)."""
