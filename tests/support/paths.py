"""Where things are, for every test: the project, its data and fixtures, and ../shared/data beside it."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
DEMO_DIR = DATA_DIR / "demo"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
DASHBOARD_APP = PROJECT_ROOT / "dashboard" / "streamlit_app.py"
