"""印信: models."""
