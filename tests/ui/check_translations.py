#!/usr/bin/env python3
"""ui.translations: each committed .ts is complete and up to date with the sources.

lupdate reads the sources into a fresh .ts in a temporary folder (the texts `ninja
update_translations` would find); the test fails when a committed .ts
- has an entry marked unfinished (or vanished, or with an empty translation),
- lacks a text lupdate finds today, or keeps one it no longer finds,
- has a context that is not a qualified tessera:: name: tr() looks texts up under the class's
  qualified name at run time, so a bare "PatchInspector" or "QObject" means lupdate could not see
  the class and its texts would never be shown translated,
- drops or adds a %1/%n placeholder, or an &-accelerator, in a translation.
"""
import argparse
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

PLACEHOLDER = re.compile(r"%(?:\d+|n)")
ACCELERATOR = re.compile(r"&(?!&)(?=\w)")


def messages(ts):
    """{(context, source, comment): (translation element, numerus)}"""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for m in context.iter("message"):
            key = (name, m.findtext("source"), m.findtext("comment") or "")
            out[key] = (m.find("translation"), m.get("numerus") == "yes")
    return out


def texts(translation, numerus):
    if numerus:
        return [f.text or "" for f in translation.iter("numerusform")]
    return [translation.text or ""]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lupdate", required=True)
    parser.add_argument("--ts", nargs="+", required=True)
    parser.add_argument("--sources", nargs="+", required=True)
    args = parser.parse_args()

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh_ts = Path(tmp) / "fresh.ts"
        subprocess.run([args.lupdate, *args.sources, "-ts", str(fresh_ts)],
                       check=True, stdout=subprocess.DEVNULL)
        fresh = messages(fresh_ts)
    if not fresh:
        problems.append("lupdate found no texts at all")

    for ts in args.ts:
        committed = messages(ts)
        name = Path(ts).name
        for key in sorted(fresh.keys() - committed.keys()):
            problems.append(f"{name}: missing {key[0]}: {key[1]!r} (ninja update_translations)")
        for key in sorted(committed.keys() - fresh.keys()):
            problems.append(f"{name}: no longer in the sources: {key[0]}: {key[1]!r}")
        for (context, source, _), (translation, numerus) in sorted(committed.items()):
            where = f"{name}: {context}: {source!r}"
            if not context.startswith("tessera::"):
                problems.append(f"{where}: context is not a qualified tessera:: name")
            kind = translation.get("type")
            if kind:
                problems.append(f"{where}: {kind}")
                continue
            for text in texts(translation, numerus):
                if not text.strip():
                    problems.append(f"{where}: empty translation")
                elif set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source)):
                    problems.append(f"{where}: placeholders differ in {text!r}")
                elif bool(ACCELERATOR.search(source)) != bool(ACCELERATOR.search(text)):
                    problems.append(f"{where}: accelerator (&) differs in {text!r}")

    for p in problems:
        print(p)
    print(f"{len(fresh)} texts, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
