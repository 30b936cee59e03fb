"""The funding chapter: investment and compute spend."""
