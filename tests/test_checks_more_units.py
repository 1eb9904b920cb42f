"""Unit tests of the number checks: translation, cross-source, features and the checks entry point."""
