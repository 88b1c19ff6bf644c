"""Kiosk software for certified ID-photo booths: My Number card applications."""

__version__ = "0.1.0"
