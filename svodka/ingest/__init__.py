"""Reading inputs: text files in any common Russian encoding (more formats in ingest)."""
