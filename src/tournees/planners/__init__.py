"""The three planners (bricol'âge, épicerie mobile, écrivain numérique) over the engine."""
