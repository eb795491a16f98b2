"""Training and evaluation: labelled data (files and analysts' decisions), fitting and grouped
cross-validation, the TF-IDF baseline, and the metrics. Nothing that assesses items imports it."""
