"""Background jobs: deliveries and periodic work with retries, and the worker that runs them."""
