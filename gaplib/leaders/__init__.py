"""The leaders chapter: leaders' stated forecasts and what the fitted trends imply for them."""
