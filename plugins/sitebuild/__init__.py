"""Build helpers shared by tasks.py and the tests (not a Pelican plugin)."""
