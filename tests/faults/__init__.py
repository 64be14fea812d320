"""Team-server setup and fault tests: real files, real permissions, real processes."""
