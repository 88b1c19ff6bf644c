"""devices/cctalk package."""
