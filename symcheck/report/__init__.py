"""Renderers: pure functions from results to text. No result type lives here."""
