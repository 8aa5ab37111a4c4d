"""Test support shared by the suite: recorded openssl outputs, synthetic documents, runs."""
