"""Prefect flows and deployments: parameters, retries and call order only."""
