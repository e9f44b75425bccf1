"""Bản tin: Vietnamese council news articles to print and EPUB editions."""

__version__ = "0.1.0"
