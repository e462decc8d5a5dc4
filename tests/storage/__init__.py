"""Tests of custrecovery.storage: JSON documents, the schema, and the SQLite example."""
