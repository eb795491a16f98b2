"""The trained understanding models over the rule layer: features, the scikit-learn engine, inference,
the artefact files (skops, loaded only from trusted places) and the :class:`models.analyzer.Analyzer`
facade that ``pressmon`` hands to processing; ``training/`` fits, cross-validates and evaluates them.
The shipped model and its card sit in this folder. Imports ``pipeline``, never the entry points.
"""
