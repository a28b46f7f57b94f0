"""Writer accounts at /write/: log in and out, passwords, sign-up and activation.

``limits`` (rate limits), ``activation`` (the sign-up service and its tokens),
``forms``, ``views`` and ``urls``.
"""
