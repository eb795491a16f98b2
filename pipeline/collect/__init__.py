"""Collection: from a fetched page or an imported line to an :class:`pipeline.records.ArticleRecord`
(extraction of text, title, byline and date; the import file format). The Scrapy crawler in
``crawlers/`` is the adapter that fetches; this package decides what a page says. Imports storage and
the layers below it. ``site_rules/`` holds the outlets' own markup, applied on top of the generic
extraction where it measurably beats it."""
