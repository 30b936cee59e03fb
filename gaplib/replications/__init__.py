"""Replications: the published results the book argues with, reproduced with their authors' methods."""
