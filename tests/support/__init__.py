"""What the tests (and the benchmarks and screenshots) share besides fixtures: paths, the command line,
the frozen clock, builders and sample texts, and local servers, databases and dashboards.

Test modules import from here and from conftest fixtures only, never from one another.
"""
