"""Shared helpers for the tests and the benchmarks: fixture catalogs cut from the shared data, a fake
OpenAI-compatible model server (and one that can be broken on purpose), real Chainlit and Chroma servers
in subprocesses, a socket.io chat client and the CLI runner. Importable from anywhere in the repo, so
neither tests nor benchmarks patch `sys.path`. Also a fake of the TMDB and OMDb poster APIs."""
