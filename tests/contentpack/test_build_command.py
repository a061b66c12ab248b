"""`build_fixtures`: complete packs, determinism, --check, and bad input writing nothing."""

import json
import shutil
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from contentpack import pack

from .conftest import OTHER_SOURCE, PROJECT, SOURCE


def snapshot(directory):
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def build(*args, capsys=None):
    call_command("build_fixtures", *[str(a) for a in args])
    return capsys.readouterr() if capsys else None


@pytest.fixture
def out(tmp_path):
    """An output directory that already holds a pack, so 'untouched' means something."""
    directory = tmp_path / "out"
    shutil.copytree(PROJECT / "fixtures", directory, ignore=shutil.ignore_patterns("source"))
    return directory


def test_out_dir_gets_a_complete_pack(sources, tmp_path, capsys):
    other = sources("heel-pain.txt", OTHER_SOURCE)
    target = tmp_path / "pack"
    result = build(other, "--out", target, capsys=capsys)
    assert sorted(snapshot(target)) == [
        "articles/heel-pain-plantar-fasciitis-explained.json",
        "site.json",
    ]
    assert "built 1 article(s), 1 site file: 2 changed" in result.out
    loaded = pack.read(target)  # validates
    assert loaded.site["disclaimer"]["source"] == "heel-pain.txt"
    assert loaded.site["topics"] == [{"name": "Foot pain", "slug": "foot-pain"}]
    assert loaded.site["home"]["featured"] == ["heel-pain-plantar-fasciitis-explained"]
    assert loaded.articles[0]["tags"] == []


def test_two_runs_write_byte_identical_files(sources, tmp_path, capsys):
    paths = [sources("heel-pain.txt", OTHER_SOURCE), SOURCE]
    build(*paths, "--out", tmp_path / "a")
    build(*paths, "--out", tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    result = build(*paths, "--out", tmp_path / "a", capsys=capsys)
    assert "built 2 article(s), 1 site file: 0 changed" in result.out


def test_files_are_sorted_indented_utf8_with_final_newline(tmp_path):
    build(SOURCE, "--out", tmp_path)
    raw = (tmp_path / "site.json").read_bytes()
    data = json.loads(raw)
    assert raw == (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()
    assert data["schema"] == "health-content-pack/2"
    assert "’" in (tmp_path / "site.json").read_text()  # not \u2019


def test_different_disclaimers_are_kept_as_alternatives(sources, tmp_path):
    other = sources("heel-pain.txt", OTHER_SOURCE)
    build(SOURCE, other, "--out", tmp_path)
    site = json.loads((tmp_path / "site.json").read_bytes())
    # Sources are read in file-name order: heel-pain.txt comes first.
    assert site["disclaimer"]["source"] == "heel-pain.txt"
    assert site["alternative_disclaimers"] == [
        {"source": SOURCE.name, "text": pack.parse(SOURCE, SOURCE.read_bytes()).disclaimer}
    ]


def test_same_disclaimer_twice_is_not_repeated(sources, tmp_path):
    copy = sources("copy.txt", SOURCE.read_text().replace("Muscle Spasms", "Muscle Cramps"))
    build(SOURCE, copy, "--out", tmp_path)
    assert json.loads((tmp_path / "site.json").read_bytes())["alternative_disclaimers"] == []


def test_no_disclaimer_anywhere_uses_the_site_data_default(sources, tmp_path):
    text = "Title\n\nA paragraph of text.\n"
    build(sources("plain.txt", text), "--out", tmp_path)
    disclaimer = json.loads((tmp_path / "site.json").read_bytes())["disclaimer"]
    assert disclaimer["source"] is None
    assert "health care practitioner" in disclaimer["summary"]


def test_check_passes_on_the_committed_tree(capsys):
    result = build("--check", capsys=capsys)
    assert "up to date" in result.out


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (lambda d: (d / "site.json").write_text("{}\n"), "changed"),
        (lambda d: (d / "articles" / "extra.json").write_text("{}\n"), "stale"),
        (lambda d: (d / "site.json").unlink(), "new"),
    ],
)
def test_check_fails_when_the_pack_differs(out, change, status, capsys):
    change(out)
    before = snapshot(out)
    with pytest.raises(CommandError):
        build(SOURCE, "--out", out, "--check")
    err = capsys.readouterr().err
    assert f": {status}" in err
    assert "run: python manage.py build_fixtures" in err
    assert snapshot(out) == before  # --check writes nothing


def test_stale_article_files_are_removed_on_build(out, capsys):
    (out / "articles" / "gone.json").write_text("{}\n")
    result = build(SOURCE, "--out", out, capsys=capsys)
    assert "removed" in result.out
    assert not (out / "articles" / "gone.json").exists()


BAD_INPUTS = [
    ("empty.txt", b"", "empty.txt:1: no title (file is empty)"),
    ("blank.txt", b" \n\t\n\xc2\xa0\n", "blank.txt:1: no title (file has only whitespace)"),
    ("nul.txt", b"Title\n\nText\x00more\n", "nul.txt:3: binary file (NUL byte)"),
    ("latin1.txt", b"Title\n\nok\n\nIt\x92s bad\n", "latin1.txt:5: invalid UTF-8 (byte 0x92"),
    ("big.txt", b"Title\n\n" + b"word " * 210_000, "big.txt:3: file is 1,050,007 bytes"),
    ("title-only.txt", b"Just a title\n\n\n", "title-only.txt:1: no article text after the title"),
    ("tags-first.txt", b"Tags: a, b\n\nText.\n", "tags-first.txt:1: no title"),
    ("bell.txt", b"Title\n\nRing\x07\n", "bell.txt:3: control character U+0007"),
    ("long.txt", b"T" * 256 + b"\n\nText.\n", "long.txt:1: title is 256 characters"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS)
def test_bad_input_names_file_and_line_and_writes_nothing(
    sources, out, name, content, message, capsys
):
    good = sources("good.txt", OTHER_SOURCE)
    bad = sources(name, content)
    before = snapshot(out)
    with pytest.raises(CommandError):
        build(good, bad, "--out", out)
    err = capsys.readouterr().err
    assert message in err
    assert "nothing written" in err
    assert snapshot(out) == before


def test_duplicate_slugs_are_refused(sources, out, capsys):
    first = sources("a.txt", "Same Title\n\nOne.\n")
    second = sources("b.txt", "Same  Title\n\nTwo.\n")
    with pytest.raises(CommandError):
        build(first, second, "--out", out)
    assert "b.txt:1: slug 'same-title' is already used by" in capsys.readouterr().err


def test_missing_source_file(tmp_path, out, capsys):
    with pytest.raises(CommandError):
        build(tmp_path / "nope.txt", "--out", out)
    assert "nope.txt: cannot read" in capsys.readouterr().err


def test_bad_site_data_is_reported(sources, tmp_path, out, capsys):
    site_data = tmp_path / "site.json"
    site_data.write_text('{"practice": {"name": "X", "fax": "1"}}')
    with pytest.raises(CommandError):
        build(SOURCE, "--out", out, "--site-data", site_data)
    assert "site.json: practice: unknown key(s) ['fax']" in capsys.readouterr().err


def test_site_data_overrides_defaults(tmp_path):
    site_data = tmp_path / "site.json"
    site_data.write_text('{"practice": {"name": "Riverside Clinic"}, "home": {"slug": "start"}}')
    build(SOURCE, "--out", tmp_path / "pack", "--site-data", site_data)
    site = json.loads((tmp_path / "pack" / "site.json").read_bytes())
    assert site["practice"]["name"] == "Riverside Clinic"
    assert site["practice"]["phone"]  # other defaults kept
    assert site["home"]["slug"] == "start"


def test_python_m_contentpack_runs_without_django(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "contentpack", str(SOURCE), "--out", str(tmp_path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site.json").exists()


def test_importing_the_builder_does_not_import_django():
    code = (
        "import sys, contentpack, contentpack.pack, contentpack.cli, contentpack.schema; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
