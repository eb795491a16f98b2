"""pressmon: media monitoring for the information office of Hải Phòng / An Lão."""

__version__ = "0.1.0"
