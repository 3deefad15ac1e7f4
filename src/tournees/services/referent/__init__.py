"""Référent seniors (fiche 2): a year of home visits by sector, fragile tenants more often, signals first."""
