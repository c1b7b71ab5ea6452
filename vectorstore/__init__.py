"""Embedding the catalog and searching it: encoder, Chroma index, filters."""
