"""Plain pages: the landing page, the health check, the API docs' assets and the demo shop."""
