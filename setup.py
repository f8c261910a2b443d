"""Build hook: ship the top-level scenarios/ and rubrics/ folders inside the wheel.

The built-in content lives at the top of the repository, where authors expect it. When a wheel is
built, this copies both folders into ``ilt_kit/builtin/`` so that a plain ``pip install .`` finds
them from any working folder (see ``ilt_kit.content.discovery.builtin_dirs``).
"""

from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


class BuildWithContent(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "ilt_kit" / "builtin"
        for folder in ("scenarios", "rubrics"):
            source = HERE / folder
            dest = target / folder
            if dest.exists():
                shutil.rmtree(dest)
            dest.mkdir(parents=True)
            for item in sorted(source.glob("*.toml")):
                shutil.copy2(item, dest / item.name)


setup(cmdclass={"build_py": BuildWithContent})
