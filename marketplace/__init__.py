"""A common digital marketplace for the UK public sector."""
