"""RainCheck's performance scripts: `make bench` (python -m bench.run) measures DESIGN.md's budgets."""
