"""The strategy chapter: the scenario engine (paths, levers, scenarios) and its sensitivity."""
