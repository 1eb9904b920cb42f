"""monitor's Prefect flows: the only modules that import Prefect (with the CLI's calls into
them). prefect.yaml's entrypoint is the repository's flows/ingest.py, which imports
`monitor.flows.ingest`."""
