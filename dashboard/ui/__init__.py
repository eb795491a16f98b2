"""Streamlit helpers shared by the pages: cached resources and reads, the sign-in gate, filter
widgets, the review forms, and escaping of scraped text for Markdown."""
