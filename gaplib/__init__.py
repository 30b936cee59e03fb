"""gaplib: the calculations, data layer and runner behind *The China AI Gap*."""

__version__ = "0.1.0"
