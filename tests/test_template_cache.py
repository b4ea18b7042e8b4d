"""Compiled templates kept between builds: reused by this user's builds, never trusted when written
elsewhere or altered, and never a cause of a different page."""

from __future__ import annotations

import io
import marshal
import pickle

import jinja2
import pytest
from jinja2.bccache import bc_magic

from conftest import BUILD_DATE, PRODUCER, PRODUCT
from generator.cli import main as cli
from generator.render import template_cache
from generator.project.assemble import open_project

TEMPLATES = {"catalog.html", "product.html", "producer.html", "home.html"}


@pytest.fixture
def compiled(monkeypatch):
    """The names of the templates Jinja2 compiles from source, as they are compiled."""
    names = []
    real = jinja2.Environment.compile

    def spy(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    return names


def rendered(site) -> str:
    """A product page body, with every page template of the theme loaded."""
    project = open_project(site.root, date=BUILD_DATE, cache_dir=site.root / ".cache")
    project.renderer.compile(TEMPLATES)
    spec = next(s for s in project.pages if s.template == "product.html")
    return project.renderer.render(spec.template, spec.path, dict(spec.context, title=spec.title))


@pytest.fixture
def filled(site):
    site.producer("htx-dam-doi", PRODUCER)
    site.product("nuoc-mam-dam-doi", PRODUCT)
    return site


def test_a_second_build_compiles_no_template_and_renders_the_same(filled, compiled):
    first = rendered(filled)
    assert TEMPLATES <= set(compiled)
    compiled.clear()
    assert rendered(filled) == first
    assert compiled == []


def test_templates_signed_with_another_key_are_compiled_again(filled, compiled, monkeypatch, tmp_path):
    first = rendered(filled)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-user"))
    compiled.clear()
    assert rendered(filled) == first
    assert TEMPLATES <= set(compiled)


def test_forged_templates_are_not_run(filled, compiled):
    """An entry whose code was replaced (its signature kept, its source checksum kept, so that
    Jinja2 itself would take it) is compiled again from source."""
    first = rendered(filled)
    entries = list((filled.root / ".cache" / "templates" / "site").iterdir())
    assert entries
    forged_code = jinja2.Environment().compile("PWNED")
    for entry in entries:
        data = entry.read_bytes()
        mac, body = data[:32], io.BytesIO(data[32:])
        assert body.read(len(bc_magic)) == bc_magic
        forged = io.BytesIO()
        forged.write(bc_magic)
        pickle.dump(pickle.load(body), forged, 2)  # the checksum of the real source
        marshal.dump(forged_code, forged)
        entry.write_bytes(mac + forged.getvalue())
    compiled.clear()
    assert rendered(filled) == first
    assert TEMPLATES <= set(compiled)


def test_without_a_place_for_the_key_there_is_no_cache(filled, compiled, monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    assert template_cache.signing_key() is None
    first = rendered(filled)
    compiled.clear()
    assert rendered(filled) == first
    assert TEMPLATES <= set(compiled)
    assert not (filled.root / ".cache" / "templates" / "site").exists()


def test_the_key_is_made_once_and_readable_by_its_user_only(tmp_path):
    key = template_cache.signing_key(tmp_path / "keys")
    assert len(key) == 32 and template_cache.signing_key(tmp_path / "keys") == key
    assert (tmp_path / "keys" / "template-key").stat().st_mode & 0o077 == 0
    assert [p.name for p in (tmp_path / "keys").iterdir()] == ["template-key"]  # no temporary file left


@pytest.mark.parametrize("content, mode", [(b"", 0o600), (b"k", 0o600), (bytes(33), 0o600), (bytes(32), 0o644)])
def test_a_key_that_is_short_long_or_readable_by_others_is_not_used(tmp_path, content, mode):
    path = tmp_path / "keys" / "template-key"
    path.parent.mkdir()
    path.write_bytes(content)
    path.chmod(mode)
    assert template_cache.signing_key(tmp_path / "keys") is None


def test_a_relative_state_folder_is_ignored(monkeypatch, tmp_path):
    """XDG says so; and a relative folder would put the key in the project, beside what it signs."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_STATE_HOME", ".cache")
    assert template_cache.signing_key() is not None
    assert not (tmp_path / ".cache").exists()
    assert (tmp_path / "home" / ".local" / "state" / "ocop-publisher" / "template-key").is_file()


def test_an_entry_signed_under_another_tag_is_not_taken_for_this_one(filled, compiled):
    """Same template, same source, compiled with other options (another tag) by this very user,
    then renamed to this tag: its signature binds its name, so it is compiled again."""
    first = rendered(filled)
    folder = filled.root / ".cache" / "templates" / "site"
    tag = next(folder.iterdir()).name.split("-")[0]
    env = open_project(filled.root, date=BUILD_DATE).renderer.env
    other = jinja2.Environment(loader=env.loader, autoescape=True,  # no trim_blocks: other code, same source
                               bytecode_cache=template_cache.SignedBytecodeCache(folder, template_cache.signing_key()))
    other.filters.update(env.filters)
    other.get_template("product.html")
    (entry,) = [e for e in folder.iterdir() if not e.name.startswith(tag)]
    entry.rename(folder / (tag + entry.name[len(tag):]))
    compiled.clear()
    assert rendered(filled) == first
    assert "product.html" in compiled


def test_a_failed_write_does_not_stop_the_build(filled, compiled):
    first = rendered(filled)
    folder = filled.root / ".cache" / "templates" / "site"
    for entry in folder.iterdir():  # a folder in the way of every entry
        entry.unlink()
        entry.mkdir()
    compiled.clear()
    assert rendered(filled) == first
    assert TEMPLATES <= set(compiled)
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_the_tag_follows_the_filters_and_options():
    def env(**options):
        e = jinja2.Environment(**options)
        e.filters["num"] = str
        return e
    base = template_cache.environment_tag(env())
    assert template_cache.environment_tag(env()) == base
    assert template_cache.environment_tag(env(trim_blocks=True)) != base
    changed = env()
    changed.filters["num"] = repr  # Jinja2 calls filters on constants at compile time
    assert template_cache.environment_tag(changed) != base


def test_a_full_build_reuses_material_templates_too(filled, compiled, tmp_path):
    out = tmp_path / "out"
    assert cli.main(["build", str(filled.root), "--site-dir", str(out)]) == 0
    pages = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    assert "main.html" in compiled and "catalog.html" in compiled
    compiled.clear()
    assert cli.main(["build", str(filled.root), "--site-dir", str(out)]) == 0
    assert compiled == []
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")} == pages
