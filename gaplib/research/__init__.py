"""The research chapter: publications and patents."""
