"""The geopolitics chapter: the export-control rules and the controls calculator."""
