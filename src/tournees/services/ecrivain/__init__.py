"""Écrivain numérique (fiche 10): session calendar, appointments and home visits."""
