"""The community writers' portal at /write/: drafts, accounts, uploads."""
