"""Tests of custrecovery.lifecycle: the tables, ownership rules, verification and its docs."""
