"""devices/sim package."""
