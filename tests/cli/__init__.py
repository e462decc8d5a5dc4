"""Tests of custrecovery.cli: the demo scenarios."""
