"""Hypothesis settings and strategies for the property tests on malformed input: Vietnamese letters,
combining marks, invisible characters and date-like fragments glued together."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_PIECES = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 /:-,.()+\n")
    + list("\u0300\u0301\u0303\u0309\u0323\u034f\u200b\u00ad\ufeff")
    + [
        "Thứ Hai, ",
        " giờ trước",
        "Hôm qua ",
        "ngày ",
        " tháng ",
        " năm ",
        "(GMT+7)",
        "h",
        "12/5/2025",
        "14:30",
    ]
)
# Date-like fragments glued with Vietnamese letters, combining marks and invisibles.
VIETNAMESE = st.lists(_PIECES, max_size=30).map("".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
