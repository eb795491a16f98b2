"""What the pages read, as plain functions over an engine returning DataFrames or dataclasses: no
Streamlit here, so they are tested and benchmarked on their own."""
