"""The recommendation engine: understand a request, retrieve with filters, re-rank and explain."""
