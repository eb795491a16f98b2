"""Multi-step jobs behind the command line (crawl, process, tag, weekly, demo, dashboard): each shows
its progress with rich and prints its summary; the command line turns their results into exit codes.

May import everything below the entry points (``crawlers``, ``models``, ``pipeline``), never
``pressmon.cli``.
"""
