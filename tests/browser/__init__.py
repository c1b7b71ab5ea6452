"""End-to-end helpers: a real `chainlit run` server and a headless Debian Chromium."""
