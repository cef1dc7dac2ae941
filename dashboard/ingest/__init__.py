"""Office files in: read → normalise → validate → load (one transaction per batch)."""
