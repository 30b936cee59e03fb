"""The algorithms chapter: frontier fits (frontier, frontier_fit, segmented, trends), capability lag, arena, open weights, model output and the shared conventions of model data."""
