"""What each chapter must publish, and how its results must move under a variant.

``required``: glue names that must be in the chapter's results.json.
``variant``: non-default parameters for a second execution.
``moves``: for each named result, "up" or "down": its direction under ``variant``
relative to the default execution.
"""

EXPECTATIONS: dict[str, dict] = {}
