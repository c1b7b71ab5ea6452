"""Quality measurements of CineChat: MoreLikeThis, constraint and title-resolution suites, experiments."""
