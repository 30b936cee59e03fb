"""The gap at a glance (overview, dimensions, directions) and the claims ledger (claims, evidence, rules, measures). Reads the wings; no wing imports it."""
