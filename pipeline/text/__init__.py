"""Vietnamese text helpers: normalisation and folding for matching, dates as outlets write them,
charsets, canonical URLs. Pure functions; they import only :mod:`pipeline.clock` and libraries."""
