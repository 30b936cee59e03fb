"""gaplib: the calculations, data layer and book engine (gaplib.engine) behind *The China AI Gap*."""

__version__ = "0.1.0"
