"""Argon2 with a small cost for the test suite: the same algorithm and code path, far less memory and time."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"  # hashes stay readable by the production hasher
    time_cost = 1
    memory_cost = 1024
    parallelism = 1
