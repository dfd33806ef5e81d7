"""Benchmarks for ``make bench``: each module here has a ``main()`` that prints its figures.

Speed and memory targets live here, never in timed tests.
"""
