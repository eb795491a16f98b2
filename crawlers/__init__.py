"""The Scrapy project: a registry-driven spider and the item pipeline that stores articles."""
