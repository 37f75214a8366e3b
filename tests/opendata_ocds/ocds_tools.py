"""The OCDS tools people run on our data, with no network: the Data Review Tool's engine (libcoveocds) and
ocdskit. The standard comes from a ZIP of ../shared/ocds/1.1.5 (libcoveocds's `standard_zip` setting, and the
standard's archive URL for ocdskit). What they fetch by URL (each extension our packages name, which
ocdsextensionregistry downloads as its repository's archive, and the versioned release schema the record package
schema refers to) is answered from ../shared/ocds by a requests transport that reads local files and refuses every
other URL."""

import io
import json
import warnings
import zipfile
from urllib.parse import urlsplit

import requests
import urllib3
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig
from ocdskit.combine import merge
from ocdsextensionregistry import ProfileBuilder
from ocdsextensionregistry.exceptions import ExtensionWarning

from marketplace.opendata import ocds

# Where each extension our packages declare lives in ../shared, by its repository.
EXTENSION_FOLDERS = {"ocds_enquiry_extension": "enquiry", "ocds_bid_extension": "bid"}


def _zip(folder, top, under="", replaced=None):
    """The folder as a ZIP with one top folder (and `under` within it), as a code host gives a repository's
    archive; `replaced` gives other contents for some of its files, by relative path."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{top}/", "")
        for file in sorted(folder.rglob("*")):
            name = file.relative_to(folder).as_posix()
            if name in (replaced or {}):
                archive.writestr(f"{top}/{under}{name}", replaced[name])
            elif file.is_file():
                archive.write(file, f"{top}/{under}{name}")
    return buffer.getvalue()


def _metadata_of_copy(folder):
    """The extension's extension.json with only the codelists the copy holds, and the names left out. The bid
    extension's metadata lists country.csv, which ../shared does not have, and libcoveocds 0.17 stops with
    DoesNotExist on a listed codelist missing from an archive (a missing file fetched alone is only noted)."""
    metadata = json.loads((folder / "extension.json").read_text(encoding="utf-8"))
    listed = metadata.get("codelists", [])
    metadata["codelists"] = [name for name in listed if (folder / "codelists" / name).is_file()]
    return json.dumps(metadata, ensure_ascii=False, indent=2), sorted(set(listed) - set(metadata["codelists"]))


class LocalFiles(requests.adapters.BaseAdapter):
    """Answers GETs from local copies: a URL in `files` with its content, any other URL under one of `folders`'
    bases with the file under that folder or a 404 (as the real host would). Any other URL raises, so nothing
    can leave the machine. `refused` lists the URLs it would not answer."""

    def __init__(self, files, folders):
        super().__init__()
        self.files, self.folders = files, folders
        self.refused = []

    def _content(self, url):
        if url in self.files:
            return self.files[url]
        for base, folder in self.folders.items():
            if url.startswith(base):
                path = (folder / urlsplit(url[len(base):]).path).resolve()
                return path.read_bytes() if path.is_file() and folder.resolve() in path.parents else None
        self.refused.append(url)
        raise requests.ConnectionError(f"no network in tests: {url}")

    def send(self, request, **kwargs):
        content = self._content(request.url)
        found = content is not None
        raw = urllib3.HTTPResponse(body=io.BytesIO(content if found else b"404: Not Found"),
                                   status=200 if found else 404, reason="OK" if found else "Not Found",
                                   preload_content=False,
                                   request_url=request.url, request_method=request.method)
        return requests.adapters.HTTPAdapter().build_response(request, raw)

    def close(self):
        pass


def local_copies(root, schema_base):
    """(files, folders) for LocalFiles, and the codelists each extension's copy lacks: the standard at the URL
    ocdsextensionregistry downloads it from by default, each extension in ocds.EXTENSIONS that ../shared holds at
    the base and archive URLs ocdsextensionregistry derives from the extension's URL, and the schemas at
    `schema_base`. The extensions ../shared lacks are left out, so fetching them fails as with no network."""
    standard = _zip(root / "1.1.5", "standard-1__1__5", under="schema/")
    files = {ProfileBuilder("1__1__5", []).standard_base_url: standard}
    folders, missing = {schema_base: root / "1.1.5"}, {}
    for extension in ProfileBuilder(None, ocds.EXTENSIONS).extensions():
        repository = urlsplit(extension.base_url).path.split("/")[2]
        folder = root / "extensions" / EXTENSION_FOLDERS.get(repository, repository)
        if not folder.is_dir():
            continue
        metadata, missing[repository] = _metadata_of_copy(folder)
        folders[extension.base_url] = folder
        files[extension.download_url] = _zip(folder, f"{repository}-master", replaced={"extension.json": metadata})
    return files, folders, missing


class OcdsTools:
    """libcoveocds as its command line runs it (the API context, every additional check) and ocdskit's compile,
    each left to fetch what it fetches by itself. While this lives, every HTTP request in the process goes to
    LocalFiles (requests is how libcoveocds, ocdskit, ocdsextensionregistry and jsonref fetch), so the tools read
    ../shared or fail."""

    def __init__(self, root, schema_base, into, monkeypatch):
        files, folders, self.missing_codelists = local_copies(root, schema_base)
        self.standard_zip = into / "standard-1__1__5.zip"
        self.standard_zip.write_bytes(files[ProfileBuilder("1__1__5", []).standard_base_url])
        self.files = LocalFiles(files, folders)
        self.into = into
        monkeypatch.setattr(requests.adapters.HTTPAdapter, "send",
                            lambda adapter, request, **kwargs: self.files.send(request, **kwargs))

    def review(self, package):
        """The Data Review Tool's results for the package, with the standard from its `standard_zip` setting."""
        config = LibCoveOCDSConfig({"context": "api", "standard_zip": self.standard_zip.as_uri(),
                                    "additional_checks": "all"})
        return ocds_json_output(str(self.into), json_data=package, lib_cove_ocds_config=config)

    def compile(self, packages):
        """`ocdskit compile`: one compiled release per ocid. ocdskit builds its merge schema as here, with the
        packages' extensions patched into the standard; only the standard's version tag is given rather than
        looked up on the standard's website."""
        extensions = dict.fromkeys(url for package in packages for url in package["extensions"])  # in order
        builder = ProfileBuilder("1__1__5", list(extensions), standard_base_url=self.standard_zip.as_uri())
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ExtensionWarning)
            schema = builder.patched_release_schema()
        self.unapplied = sorted(str(w.message.extension) for w in caught if issubclass(w.category, ExtensionWarning))
        return list(merge(packages, schema=schema))
