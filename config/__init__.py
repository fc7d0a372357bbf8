"""Settings schema and example configuration files (units directories, service settings)."""
