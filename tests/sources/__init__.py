"""Tests of custrecovery.sources: the CFPB complaint reader."""
