"""The catalog: source adapters, one normalised record per title, and merging across sources."""
