"""photo package."""
