"""Épicerie mobile (fiche 4): stable calendar of stops and coverage of seniors."""
