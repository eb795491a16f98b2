"""pressmon: media monitoring for the information office of Hải Phòng / An Lão.

This package is the command line (``cli/``, one module per group of commands) and the jobs behind it
(``jobs/``: crawl, process, weekly, demo, dashboard), with their console output, logs and locks. It is an
entry point: it may import everything (``crawlers``, ``models``, ``pipeline``); nothing imports it.
"""

__version__ = "0.1.0"
