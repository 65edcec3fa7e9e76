"""协调事项: models."""
