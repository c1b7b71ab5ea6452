"""Speed, memory and load benchmarks, each run as a module from the repo root:
`python -m benchmarks.bench_index`, `python -m benchmarks.bench_engine`, `python -m benchmarks.load_test`
(and `python cli.py bench`, which uses the first two)."""
