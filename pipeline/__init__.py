"""The stages of pressmon as plain functions over typed records and the database: collect, understand,
review and report, over the storage they share.

Sub-packages and the layer each sits in (a module may import from its own layer's module or below, never
above; ``|`` marks layers that are independent of each other; import-linter checks it, see pyproject.toml):

- ``collect`` | ``understand`` | ``review`` | ``report`` — the stages;
- ``storage`` — the tables, one module writing each, the migrations, backup;
- ``registry`` | ``taxonomy`` | ``settings`` — the three things pressmon is configured by;
- ``records`` | ``text`` — the typed records passed between stages, and Vietnamese text helpers;
- ``clock`` (UTC and the office's time zone), then ``errors`` (domain errors, no exit codes).

The pipeline imports nothing of ``models``, ``crawlers``, ``dashboard`` or ``pressmon``: processing is
handed an assessor (:class:`pipeline.understand.assessor.Assessor`), and the entry points turn errors into
exit codes or Vietnamese messages.
"""
