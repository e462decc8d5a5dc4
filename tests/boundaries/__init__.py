"""Tests of custrecovery.boundaries: assessments, policies and restriction notices."""
