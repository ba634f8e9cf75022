"""Start of a learner's server on the workshop hub: give the learner their own copy of the
kit's notebooks, then hand over to ``jupyterhub-singleuser``.

Runs as the learner (after the spawner dropped privileges), so it can only write the learner's
own home and never follows a link the learner planted into someone else's files. The copy is
made file by file and only where nothing exists yet: a restart never overwrites work, a file
the learner deleted comes back fresh, and "a fresh copy of everything" is renaming
``~/workshop`` (to ``workshop-old``) and restarting the server (File > Hub Control Panel >
Stop My Server > Start My Server); see docs/workshop_server.md.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

FOLDERS = ("notebooks", "exercises")
WORKSPACE = "workshop"

README = """\
# Your workshop folder

- notebooks/ and exercises/ are your own copies of the course: change them freely.
- A file you delete comes back fresh the next time your server starts; your changes are
  never overwritten. For a fresh copy of everything, rename this folder (right-click >
  Rename, e.g. to workshop-old) and restart your server (File > Hub Control Panel).
- Class pulse: every answer check (q1.check(...)) records, for you, the question, right or
  wrong, and the name of the mistake if one was recognised -- never your answer itself.
  The trainer sees only totals per question. Run `valuekit pulse` in a terminal, or
  `from valuekit import pulse; pulse.mine()` in a notebook, to see your record.
- Nobody else on the server can read your files.
"""


def seed(kit: Path, home: Path) -> list[Path]:
    """Copy the kit's notebooks and exercises into ``home/workshop`` where missing."""
    copied = []
    target = home / WORKSPACE
    target.mkdir(mode=0o700, exist_ok=True)
    for folder in FOLDERS:
        src_root = kit / folder
        if not src_root.is_dir():
            continue
        for src in sorted(src_root.rglob("*")):
            if not src.is_file() or ".ipynb_checkpoints" in src.parts:
                continue
            dst = target / folder / src.relative_to(src_root)
            if os.path.lexists(dst):
                continue  # the learner's file (or link): never overwritten
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            copied.append(dst)
    readme = target / "README.md"
    if not os.path.lexists(readme):
        readme.write_text(README, encoding="utf-8")
    return copied


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.umask(0o077)  # the learner's new files are private even if the home is opened up
    try:
        seed(Path(os.environ["VALUEKIT_KIT"]), Path.home())
    except (OSError, KeyError) as err:  # the server still starts; the log says why
        print(f"valuekit: could not copy the workshop files: {err}", file=sys.stderr)
    os.execvp(args[0], args)


if __name__ == "__main__":
    main()
