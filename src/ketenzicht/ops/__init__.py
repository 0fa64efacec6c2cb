"""Running the service: health, metrics, structured logs, backups and restores."""
