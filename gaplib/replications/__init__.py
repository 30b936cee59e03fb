"""Reproductions of published results the book argues with, by their authors' methods on the book's data."""
