"""公务接待: models."""
