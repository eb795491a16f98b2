"""The Scrapy project: the registry-driven spider, its middlewares (private addresses refused,
redirect loops, retries backed off), the item pipeline that hands pages to ``pipeline.collect`` and
stores them, and the runner ``pressmon crawl`` uses. Imports ``pipeline``; ``pressmon`` imports it."""
