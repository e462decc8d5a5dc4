"""Tests of custrecovery.desk: plugins and the stateful conformance kit."""
