"""The Chinese edition stays in step with the English (valuekit.i18n.documents/catalogs):
every existing PO complete and current, every generated file what the generator makes; and
the checks bite on a temporary copy where the English changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from valuekit.i18n import catalogs, documents
from valuekit.i18n.units import markdown_blocks

ROOT = Path(__file__).resolve().parents[1]


def test_every_translation_is_complete_current_and_built():
    """Fails for any existing PO with a missing, stale (fuzzy) or broken unit, and for any
    generated Chinese file that differs from what `valuekit i18n build` makes."""
    problems = [str(f) for f in documents.check(ROOT) if f.failure]
    assert not problems, ("the Chinese edition is out of step; run `valuekit i18n update`, "
                          "translate the entries named, then `valuekit i18n build`:\n  "
                          + "\n  ".join(problems))


def test_module_0_is_translated_end_to_end():
    assert "00_setup_check" in documents.translated(ROOT, "notebooks")
    nb = nbformat.read(ROOT / "notebooks/zh/00_setup_check.ipynb", as_version=4)
    assert nb.metadata["valuekit"]["language"] == "zh-CN"
    assert nb.cells[0].source == documents.SWITCH_SOURCE
    assert nb.cells[1].source.startswith("# 环境检查")


@pytest.mark.parametrize("path", [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))],
                         ids=lambda p: p.name)
def test_markdown_blocks_give_back_every_byte(path):
    text = path.read_text(encoding="utf-8")
    blocks = markdown_blocks(text)
    assert "".join(b.text + b.sep for b in blocks) == text
    assert not any(b.translatable and b.text.lstrip().startswith("```") for b in blocks)


def _kit_copy(tmp_path: Path) -> Path:
    """A small kit: notebook 0 and a doc with their translations (no library catalogs)."""
    root = tmp_path / "kit"
    for rel in ["notebooks/00_setup_check.ipynb", "i18n/zh_CN/notebooks/00_setup_check.po",
                "notebooks/zh/00_setup_check.ipynb", "docs/glossary.md"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, root / rel)
    return root


def _failures(root: Path) -> list[documents.Finding]:
    return [f for f in documents.check(root, library=False) if f.failure]


def test_a_changed_english_cell_is_reported_stale_and_update_keeps_the_old_translation(
        tmp_path):
    root = _kit_copy(tmp_path)
    assert _failures(root) == []
    path = root / "notebooks/00_setup_check.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[4].source = nb.cells[4].source.replace("at once", "straight away")
    nbformat.write(nb, path)

    found = _failures(root)
    stale = [f for f in found if f.kind == "stale"]
    assert len(stale) == 1 and "notebooks/00_setup_check.ipynb:cell 5" in stale[0].where
    assert "at once" in stale[0].detail and "valuekit i18n update" in stale[0].detail
    assert any(f.kind == "differs" and f.file == "notebooks/zh/00_setup_check.ipynb"
               for f in found)  # the generated notebook still has the old English code path

    documents.update(root, library=False)
    po = (root / "i18n/zh_CN/notebooks/00_setup_check.po").read_text(encoding="utf-8")
    entry = po[po.index("#, fuzzy"):]
    assert entry.startswith("#, fuzzy\n#| msgid ")  # translators see what the English was
    assert "at once" in entry.split("\nmsgid ")[0] and "straight away" in entry
    documents.build(root, exercises=False)
    zh = nbformat.read(root / "notebooks/zh/00_setup_check.ipynb", as_version=4)
    assert "straight away" in zh.cells[5].source  # a stale translation is not used
    assert [f.kind for f in _failures(root)] == ["stale"]


def test_a_new_cell_is_missing_and_a_hand_edit_is_caught(tmp_path):
    root = _kit_copy(tmp_path)
    path = root / "notebooks/00_setup_check.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("## One more thing"))
    nbformat.write(nb, path)
    zh = root / "notebooks/zh/00_setup_check.ipynb"
    zh.write_text(zh.read_text(encoding="utf-8").replace("## 结论", "## 结论！"),
                  encoding="utf-8")
    kinds = {(f.kind, f.file) for f in _failures(root)}
    assert ("missing", "i18n/zh_CN/notebooks/00_setup_check.po") in kinds
    assert ("differs", "notebooks/zh/00_setup_check.ipynb") in kinds


def test_a_translation_that_drops_a_code_fence_is_broken(tmp_path):
    po = catalogs.new_catalog()
    po.add("Run this:\n\n```bash\nmake lab\n```", "运行：make lab",
           locations=[("docs/x.md", 3)])
    tpl = catalogs.new_catalog(locale=None)
    tpl.add("Run this:\n\n```bash\nmake lab\n```", locations=[("docs/x.md", 3)])
    found = documents.check_catalog(po, tpl, "x.po", "run it")
    assert [f.kind for f in found] == ["broken"]


def test_generator_is_idempotent_and_builds_only_translated_documents(tmp_path):
    root = _kit_copy(tmp_path)
    assert documents.build(root, exercises=False) == []  # the committed file is current
    before = (root / "notebooks/zh/00_setup_check.ipynb").read_bytes()
    assert documents.build(root, exercises=False) == []
    assert (root / "notebooks/zh/00_setup_check.ipynb").read_bytes() == before
    assert not (root / "docs/zh").exists()  # glossary has no PO: not built
    waiting = [f for f in documents.check(root, library=False) if not f.failure]
    assert [f.file for f in waiting] == ["docs/glossary.md"]


def test_a_started_doc_translation_links_to_chinese_documents(tmp_path):
    root = _kit_copy(tmp_path)
    guide = root / "docs/trainer_guide.md"
    guide.write_text("# Guide\n\nRead the [glossary](glossary.md) and the "
                     "[setup check](../notebooks/00_setup_check.ipynb).\n\n"
                     "<!-- docs-test: skip opens a browser -->\n```bash\nmake lab\n```\n",
                     encoding="utf-8")
    documents.update(root, add=("docs/trainer_guide.md",), library=False)
    po_file = root / "i18n/zh_CN/docs/trainer_guide.po"
    po = catalogs.read_catalog(po_file)
    assert [m.id for m in po if m.id] == [
        "# Guide", "Read the [glossary](glossary.md) and the "
        "[setup check](../notebooks/00_setup_check.ipynb)."]
    for m in po:
        if m.id == "# Guide":
            m.string = "# 指南"
        elif m.id:
            m.string = ("请阅读[术语表](glossary.md)和"
                        "[环境检查](../notebooks/00_setup_check.ipynb)。")
    catalogs.write_catalog(po_file, po)
    documents.build(root, exercises=False)
    out = (root / "docs/zh/trainer_guide.md").read_text(encoding="utf-8")
    # the notebook has a Chinese version, the glossary not yet
    assert "[环境检查](../../notebooks/zh/00_setup_check.ipynb)" in out
    assert "[术语表](../glossary.md)" in out
    assert out.endswith("<!-- docs-test: skip opens a browser -->\n```bash\nmake lab\n```\n")


def test_library_catalogs_ship_with_the_package_and_parse():
    for domain in catalogs.library_domains():
        pot, po = catalogs.library_paths(domain)
        assert pot.is_file() and po.is_file(), domain
        catalogs.read_catalog(po)
    assert set(catalogs.library_domains()) >= {"valuekit", "m00_example", "m01_value",
                                               "m02_adoption", "m03_funnel", "m04_clv",
                                               "m06_customer_value"}


def test_zh_notebook_json_is_generated_not_hand_made():
    nb = json.loads((ROOT / "notebooks/zh/00_setup_check.ipynb").read_text(encoding="utf-8"))
    assert "valuekit i18n build" in nb["metadata"]["valuekit"]["note"]


def test_a_translated_solution_makes_a_chinese_exercise_through_the_exercises_builder(
        tmp_path):
    root = tmp_path / "kit"
    (root / "solutions").mkdir(parents=True)
    shutil.copy(ROOT / "solutions/01_value_marketing.ipynb", root / "solutions")
    src = nbformat.read(root / "solutions/01_value_marketing.ipynb", as_version=4)
    src.cells.append(nbformat.v4.new_markdown_cell("**Solution notes.** Only for trainers."))
    nbformat.write(src, root / "solutions/01_value_marketing.ipynb")
    documents.update(root, add=("solutions/01_value_marketing.ipynb",), library=False)
    po_file = root / "i18n/zh_CN/solutions/01_value_marketing.po"
    po = catalogs.read_catalog(po_file)
    for m in po:  # a stand-in translation that keeps the markers, as a translator must
        if m.id:
            m.string = "【中】" + m.id.replace("**Solution notes.**", "**解答说明。**")
    catalogs.write_catalog(po_file, po)

    documents.build(root)
    exercise = nbformat.read(root / "exercises/zh/01_value_marketing.ipynb", as_version=4)
    assert exercise.metadata["valuekit"]["language"] == "zh-CN"
    made_from = exercise.metadata["valuekit"]["generated_from"]
    assert made_from == "solutions/zh/01_value_marketing.ipynb"
    assert exercise.cells[0].source == documents.SWITCH_SOURCE
    text = "\n".join(c.source for c in exercise.cells)
    assert "解答说明" not in text  # the solution-only cell is dropped in Chinese too
    assert "*在此写下你的答案。*" in text and "参考答案（写完自己的答案后再打开）" in text
    assert "*Your answer here.*" not in text and "### BEGIN SOLUTION" not in text
    english = nbformat.read(root / "exercises/01_value_marketing.ipynb", as_version=4)
    assert "*Your answer here.*" in "\n".join(c.source for c in english.cells)
    assert [f for f in documents.check(root, library=False) if f.failure] == []
