"""AI/ML agents and processing."""
