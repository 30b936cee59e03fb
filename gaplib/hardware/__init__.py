"""The hardware chapter: installed compute fleets, their timeline and coverage, chips and power."""
