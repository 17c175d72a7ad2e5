"""Mạng Xanh: online safety for the Vietnamese education sector."""

__version__ = "0.1.0"
