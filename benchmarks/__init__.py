"""Benchmarks of backend-organizer (issue 6): a generator of flat backends and the measuring harness."""
