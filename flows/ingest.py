"""prefect.yaml's entrypoint (`flows/ingest.py:ingest`): the ingest flow lives in the package,
`monitor.flows.ingest`; this file only names it for Prefect. Not a package, not installed."""

from monitor.flows.ingest import ingest

__all__ = ["ingest"]

if __name__ == "__main__":
    import sys

    print(ingest(sys.argv[1:] or None))
