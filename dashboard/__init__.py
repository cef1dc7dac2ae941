"""Sanwari (三割): tracking the -30% operating-cost target of the 20 standardized systems."""
