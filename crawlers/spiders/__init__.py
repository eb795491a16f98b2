"""Spiders of the pressmon Scrapy project."""
