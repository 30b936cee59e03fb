"""The book engine: executing chapters through the cache, rendering the site, the CLI.

Nothing here computes a finding; the calculations are the modules at ``gaplib``'s top level.
"""
