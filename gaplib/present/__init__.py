"""The house presentation: what a notebook calls to publish (publish), the house table, chart style and figures, chart words, and the translation of code-made texts. Imports no chapter wing."""
