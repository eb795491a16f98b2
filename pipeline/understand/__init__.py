"""Understanding: places and scope (gazetteer), keyword rules, word segmentation, story grouping, and
``process``, which runs an assessor over new or changed articles in batches (in worker processes if
asked). The trained models live in ``models/`` above and are handed in as an assessor. Imports storage
and the layers below it."""
