"""Streamlit helpers shared by the pages: cached resources and reads, the sign-in gate and the routes
that set its session cookie, filter widgets, tables whose rows open an article, the review forms, and
escaping of scraped text for Markdown."""
