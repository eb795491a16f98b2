"""Classifier training and inference, with the shipped artefacts and their model cards.

The first-level labelling in ``pipeline.tagging`` is rule-based (gazetteer and taxonomy keywords) and
records its version with every assessment; trained scikit-learn models arrive here with their cards.
"""
