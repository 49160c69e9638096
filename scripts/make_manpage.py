#!/usr/bin/env python3
"""Writes docs/tessera-cli.1, the man page of tessera-cli, from its own --help texts (the overview
and every command's), with the sections --help has no room for: description, exit status, files,
examples. Run it after changing a command's options; the test `package.manpage` fails while the
man page and the binary's --help disagree.
usage: scripts/make_manpage.py path/to/tessera-cli [OUT]   (default OUT: docs/tessera-cli.1)
"""
import re, subprocess, sys


def run(cli, *args):
    return subprocess.run([cli, *args], capture_output=True, text=True, check=True).stdout


def esc(text):
    """troff text: backslashes doubled, hyphens of options kept literal, no line starting with a dot."""
    text = text.replace("\\", "\\\\").replace("-", "\\-")
    return re.sub(r"^([.'])", r"\\&\1", text, flags=re.M)


def commands(overview):
    """(name, one line) of each command in the overview's list."""
    block = overview.split("commands:", 1)[1].split("\n\n", 1)[0]
    return [(m.group(1), m.group(2)) for m in re.finditer(r"^  (\w+)\s{2,}(.+)$", block, re.M)]


def options(help_text):
    """(flag with its argument, description) of each option of a command's --help."""
    block = help_text.split("options:", 1)[1] if "options:" in help_text else ""
    out = []
    for line in block.splitlines():
        m = re.match(r"^  (\S.*?)\s{2,}(\S.*)$", line)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def main():
    cli = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else "docs/tessera-cli.1"
    version = run(cli, "--version").split()[-1]
    overview = run(cli, "--help")
    lines = [
        '.\\" Written by scripts/make_manpage.py from tessera-cli\'s --help; edit that script, not this file.',
        f'.TH TESSERA\\-CLI 1 "" "Tessera {version}" "User Commands"',
        ".SH NAME",
        "tessera\\-cli \\- patch embeddings of Vision Transformers (timm's PatchEmbed), exactly",
        ".SH SYNOPSIS",
        ".B tessera\\-cli",
        ".I COMMAND",
        "[\\fIoptions\\fR]",
        ".br",
        ".B tessera\\-cli",
        ".I COMMAND",
        ".B \\-\\-help",
        ".br",
        ".B tessera\\-cli \\-\\-version",
        ".SH DESCRIPTION",
        esc("A Vision Transformer starts by cutting an image into P×Q patches, flattening each patch "
            "to C·P·Q numbers and projecting every patch with one learned D×(C·P·Q) matrix (timm's "
            "PatchEmbed, a Conv2d with kernel = stride = patch size). tessera-cli computes these "
            "embeddings for images and float .npy arrays, with numbers that match timm to float "
            "rounding, and writes them as .npy, .npz, .safetensors, .csv or a .zip bundle. "
            "Weights come from a checkpoint (.safetensors, PyTorch .pth/.pt/.bin/.ckpt, .npz, "
            ".npy) or are made from a seed. The desktop app, tessera, shows the same work."),
        ".SH COMMANDS",
    ]
    for name, line in commands(overview):
        lines += [".TP", f".B {esc(name)}", esc(line)]
    for name, _ in commands(overview):
        text = run(cli, name, "--help")
        usage, summary = text.splitlines()[0], text.splitlines()[1]
        lines += [f".SH {esc(name.upper())}", ".nf", esc(usage.removeprefix("usage: ")), ".fi",
                  esc(summary)]
        for flag, what in options(text):
            lines += [".TP", f".B {esc(flag)}", esc(what)]
    lines += [
        ".SH EXIT STATUS",
        ".TP", ".B 0", "success.",
        ".TP", ".B 1", "an internal failure.",
        ".TP", ".B 2",
        esc("a usage or input error, reported as one line on standard error that names the values. "
            "Nothing is left half-written: outputs are written to a temporary name and renamed "
            "when complete."),
        ".TP", ".B 3",
        esc("embed of several inputs: some inputs failed; they are listed in index.csv and "
            "skipped, the others are written."),
        ".SH EXAMPLES",
        ".nf",
        esc("tessera-cli embed cat.jpg -o cat.npy --img-size 224 --patch-size 16 --embed-dim 768\n"
            "tessera-cli embed 'photos/*.jpg' -o out/ --weights vit.safetensors\n"
            "tessera-cli info --img-size 224 --patch-size 16 --embed-dim 768\n"
            "tessera-cli bench --shape 1x3x1024x1024 --threads 2"),
        ".fi",
        ".SH FILES",
        ".TP", ".I /usr/share/tessera/samples/",
        esc("the sample images (chelsea.png, astronaut.png) with their terms in README.md."),
    ]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
