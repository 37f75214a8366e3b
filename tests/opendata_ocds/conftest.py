"""The official OCDS 1.1.5 schemas with the enquiry and bid extensions applied, read from ../shared beside the
project, to validate what the service publishes with no network at all."""

import datetime as dt
import json
import socket
import urllib.parse
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from applications.conftest import (  # noqa: F401 - the lifecycle fixtures the outcome tests use
    OUTCOMES, SPECIALISTS, applicant, apply, buyer, close, draft, live, set_clock, supplier_offering,
)

OCDS = Path(__file__).resolve().parents[2].parent / "shared" / "ocds"
SCHEMA_BASE = "https://standard.open-contracting.org/schema/1__1__5/"
EXTENSIONS = ("enquiry", "bid")


def merge_patch(target, patch):
    """JSON Merge Patch (RFC 7386), as OCDS applies an extension's release-schema.json to the release schema."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def _read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _checks_formats():
    """The schemas' formats, checked here so no optional format package is needed."""
    checker = jsonschema.FormatChecker([])

    @checker.checks("date-time", raises=ValueError)
    def date_time(value):
        if not isinstance(value, str):
            return True
        if "T" not in value or not (value.endswith("Z") or value[-6] in "+-"):
            raise ValueError(f"{value!r} is not an RFC 3339 date-time")
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    @checker.checks("uri")
    def uri(value):
        if not isinstance(value, str):
            return True
        parts = urllib.parse.urlsplit(value)
        return bool(parts.scheme and parts.netloc)

    return checker


class OcdsSchemas:
    def __init__(self, root):
        release = _read(root / "1.1.5" / "release-schema.json")
        for name in EXTENSIONS:
            release = merge_patch(release, _read(root / "extensions" / name / "release-schema.json"))
        self.release_schema = release
        resources = [(SCHEMA_BASE + "release-schema.json", release)]
        for name in ("release-package-schema.json", "record-package-schema.json",
                     "versioned-release-validation-schema.json"):
            resources.append((SCHEMA_BASE + name, _read(root / "1.1.5" / name)))
        # No retrieval function: a reference to anything not listed here fails instead of going to the network.
        self.registry = Registry().with_resources(
            (url, Resource.from_contents(contents, default_specification=DRAFT4)) for url, contents in resources)
        self.formats = _checks_formats()
        self.codes = {}
        for name in ("releaseTag", "tenderStatus", "awardStatus", "contractStatus", "method",
                     "procurementCategory"):
            lines = (root / "1.1.5" / "codelists" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[1:]
            self.codes[name] = {line.split(",", 1)[0] for line in lines}

    def _errors(self, name, instance):
        schema = self.registry.contents(SCHEMA_BASE + name)
        validator = jsonschema.Draft4Validator(schema, registry=self.registry, format_checker=self.formats)
        return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))

    def check_release_package(self, package):
        _assert_valid(self._errors("release-package-schema.json", package))

    def check_record_package(self, package):
        _assert_valid(self._errors("record-package-schema.json", package))


def _innermost(error):
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def _assert_valid(errors):
    """Fail with the innermost reasons, short enough to read."""
    reasons = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in map(_innermost, errors)]
    assert not reasons, "\n".join(reasons[:10])


@pytest.fixture(scope="session")
def ocds_schemas():
    if not (OCDS / "1.1.5" / "release-schema.json").exists():
        pytest.skip(f"the OCDS schemas are not at {OCDS} (the shared folder beside the project)")
    return OcdsSchemas(OCDS)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Anything that tries to reach beyond this machine fails the test."""
    connect = socket.socket.connect

    def local_only(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and sock.family != socket.AF_UNIX:
            raise OSError(f"network access to {host} attempted")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", local_only)


@pytest.fixture
def ocds_tools(ocds_schemas, monkeypatch, tmp_path_factory):
    """libcoveocds and ocdskit, reading the standard and the extensions from ../shared only (see ocds_tools.py)."""
    from .ocds_tools import OcdsTools

    return OcdsTools(OCDS, SCHEMA_BASE, tmp_path_factory.mktemp("ocds-tools"), monkeypatch)
