"""Each addon builds as a wheel ``odoo-addon-<addon>`` with whool (the convention of Odoo addons on
PyPI): version from the manifest, dependencies declared, README as description, and every file
the addon needs inside."""

import ast
import email
import os
import subprocess
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"


def _tracked_files(addon):
    """Files git tracks in the addon (what whool packages), relative to the addon."""
    output = subprocess.run(
        ["git", "ls-files"],
        cwd=ADDONS_DIR / addon,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {line for line in output.splitlines() if line and not line.endswith("pyproject.toml")}


class TestWheels(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.addons = sorted(
            path.parent.name
            for path in ADDONS_DIR.glob("*/__manifest__.py")
            if ast.literal_eval(path.read_text()).get("installable", True)
        )
        cls.tmp = tempfile.TemporaryDirectory()
        cls.wheel_dir = Path(cls.tmp.name)
        # No network: whool is installed by requirements.txt; the version is the manifest's.
        env = {**os.environ, "WHOOL_POST_VERSION_STRATEGY_OVERRIDE": "none"}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "-w",
                str(cls.wheel_dir),
                *(str(ADDONS_DIR / addon) for addon in cls.addons),
            ],
            check=True,
            capture_output=True,
            env=env,
        )

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_one_wheel_per_addon_with_its_metadata_and_files(self):
        for addon in self.addons:
            with self.subTest(addon=addon):
                manifest = ast.literal_eval((ADDONS_DIR / addon / "__manifest__.py").read_text())
                wheels = list(self.wheel_dir.glob(f"odoo_addon_{addon}-*.whl"))
                self.assertEqual(len(wheels), 1, f"one wheel for {addon}")
                with zipfile.ZipFile(wheels[0]) as wheel:
                    names = set(wheel.namelist())
                    metadata_name = next(name for name in names if name.endswith(".dist-info/METADATA"))
                    metadata = email.message_from_bytes(wheel.read(metadata_name))
                self.assertEqual(metadata["Name"], f"odoo-addon-{addon}")
                self.assertEqual(metadata["Version"], manifest["version"])
                requires = metadata.get_all("Requires-Dist")
                self.assertIn("odoo==19.0.*", requires)
                for dependency in manifest["depends"]:
                    if (ADDONS_DIR / dependency).is_dir():
                        self.assertIn(f"odoo-addon-{dependency}==19.0.*", requires)
                self.assertEqual(metadata["Description-Content-Type"], "text/x-rst")
                self.assertIn(manifest["name"], metadata.get_payload(), "the README is the description")

                prefix = f"odoo/addons/{addon}/"
                packaged = {name.removeprefix(prefix) for name in names if name.startswith(prefix)}
                expected = [
                    "__manifest__.py",
                    "__init__.py",
                    "i18n/fr.po",
                    "README.rst",
                    "static/description/icon.png",
                ]
                for path in [*expected, *manifest.get("data", []), *manifest.get("demo", [])]:
                    self.assertIn(path, packaged)
                static = {path for path in _tracked_files(addon) if path.startswith("static/")}
                self.assertTrue(static)
                self.assertLessEqual(static, packaged, "every static asset")
                self.assertFalse(
                    [path for path in packaged if "__pycache__" in path or path.endswith(".pyc")],
                    "no compiled files",
                )
