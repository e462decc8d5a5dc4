"""The custrecovery test suite; its folders mirror the source layout."""
