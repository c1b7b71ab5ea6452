"""Helpers of the Chainlit chat app (`chat_app.py`): card props, settings, history, follow-ups.

Everything here is plain Python that the handlers call, so most of it is unit-testable without a
running Chainlit server.
"""
