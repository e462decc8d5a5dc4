"""Tests of custrecovery.goodwill: compensation strategies, schedules, authority and decisions."""
