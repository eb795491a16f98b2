"""The Streamlit dashboard: a router, thin pages, and queries testable without Streamlit."""
