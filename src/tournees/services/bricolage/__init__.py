"""Bricol'âge (fiche 7): weekly home-intervention rounds."""
