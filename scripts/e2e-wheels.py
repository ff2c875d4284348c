"""Repack the Python packages that Debian installed in a tree as wheels.

The end-to-end suite builds the generated Dockerfiles on stand-ins for the official
python:<ver>-slim-<debian> images, with no package index in reach. This script gives
those stand-ins a local wheel house: one wheel per distribution found in Debian's
dist-packages, made from the files of the Debian package that owns it. pip in the
stand-in installs from that house (see e2e-setup.sh), so `pip install -r
requirements.txt` really puts the named packages and their console scripts into the
virtual environment, as it would from PyPI.

The wheels carry only a name, a version, the files and the entry points: no
dependencies. pip runs with --no-deps, and what a package imports but the venv lacks
is found through links to Debian's modules that sitecustomize.py appends to sys.path.

Usage: e2e-wheels.py ROOT OUTDIR
"""

import base64
import csv
import email.parser
import glob
import hashlib
import io
import os
import re
import sys
import zipfile

SITE = "/usr/lib/python3/dist-packages"

# Tools a venv brings itself; wheels of Debian's copies would only shadow them.
SKIP = {"pip", "setuptools", "wheel", "pkg_resources"}


def owners(root):
    """Map each path listed by dpkg in ROOT to the package that owns it."""
    owned = {}
    for lst in glob.glob(os.path.join(root, "var/lib/dpkg/info/*.list")):
        pkg = os.path.basename(lst)[: -len(".list")].split(":")[0]
        with open(lst, encoding="utf-8", errors="replace") as f:
            for line in f:
                owned.setdefault(line.rstrip("\n"), pkg)
    return owned


def package_files(root, owned, pkg):
    """Return the files of Debian package PKG under dist-packages, metadata aside."""
    files = []
    for path, owner in owned.items():
        if owner != pkg or not path.startswith(SITE + "/"):
            continue
        rel = path[len(SITE) + 1 :]
        top = rel.split("/")[0]
        if top.endswith((".dist-info", ".egg-info")) or "__pycache__" in rel:
            continue
        if os.path.isfile(os.path.join(root, path.lstrip("/"))):
            files.append(rel)
    return sorted(files)


def read_meta(meta):
    """Return name, version and entry points text of a dist-info or egg-info."""
    if os.path.isdir(meta):
        for name in ("METADATA", "PKG-INFO"):
            if os.path.exists(os.path.join(meta, name)):
                head = os.path.join(meta, name)
                break
        else:
            return None
        ep = os.path.join(meta, "entry_points.txt")
        entry = open(ep, encoding="utf-8").read() if os.path.exists(ep) else ""
    else:
        head, entry = meta, ""
    with open(head, encoding="utf-8", errors="replace") as f:
        msg = email.parser.Parser().parse(f, headersonly=True)
    if not msg["Name"] or not msg["Version"]:
        return None
    return msg["Name"], msg["Version"], entry


def write_wheel(outdir, root, name, version, entry, files):
    """Write one wheel of FILES, relative to dist-packages, named NAME-VERSION."""
    norm = re.sub(r"[-_.]+", "_", name).lower()
    info = f"{norm}-{version}.dist-info"
    extra = {
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: shipshape-e2e\n"
        "Root-Is-Purelib: true\nTag: py3-none-any\n",
    }
    if entry:
        extra[f"{info}/entry_points.txt"] = entry
    record = io.StringIO()
    rows = csv.writer(record, lineterminator="\n")
    path = os.path.join(outdir, f"{norm}-{version}-py3-none-any.whl")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as whl:
        for rel in files:
            data = open(os.path.join(root, SITE.lstrip("/"), rel), "rb").read()
            whl.writestr(rel, data)
            rows.writerow([rel, digest(data), len(data)])
        for rel, text in extra.items():
            data = text.encode()
            whl.writestr(rel, data)
            rows.writerow([rel, digest(data), len(data)])
        rows.writerow([f"{info}/RECORD", "", ""])
        whl.writestr(f"{info}/RECORD", record.getvalue())


def digest(data):
    raw = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def console_scripts(entry):
    """Return the console script names declared in an entry_points.txt text."""
    names, section = [], ""
    for line in entry.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "console_scripts" and "=" in line:
            names.append(line.split("=")[0].strip())
    return names


def main(root, outdir):
    os.makedirs(outdir, exist_ok=True)
    owned = owners(root)
    site = os.path.join(root, SITE.lstrip("/"))
    done = set()
    for meta in sorted(glob.glob(os.path.join(site, "*.dist-info")) +
                       glob.glob(os.path.join(site, "*.egg-info"))):
        parsed = read_meta(meta)
        if parsed is None:
            continue
        name, version, entry = parsed
        if name.lower() in SKIP:
            continue
        pkg = owned.get(SITE + "/" + os.path.basename(meta))
        # A Debian package with several distributions gives its files to the first.
        files = package_files(root, owned, pkg) if pkg and pkg not in done else []
        done.add(pkg)
        write_wheel(outdir, root, name, version, entry, files)
        # Debian's copies of the console scripts would hide a venv that is missing.
        for script in console_scripts(entry):
            path = os.path.join(root, "usr/bin", script)
            if os.path.lexists(path):
                os.remove(path)
        print(f"{name} {version}: {len(files)} files")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: e2e-wheels.py ROOT OUTDIR")
    main(sys.argv[1], sys.argv[2])
