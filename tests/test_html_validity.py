"""Every page of the real site is valid HTML, as the Nu Html Checker (vnu.jar) judges it.

vnu.jar comes from npm (package.json pins it; `make test` runs `npm ci`) and runs
on Java (.ci/run installs Debian's default-jre-headless). Either one missing fails
these tests: it is never a reason to skip them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import REPO

VNU_JAR_PATH = "node_modules/vnu-jar/build/dist/vnu.jar"
VNU_JAR = REPO / VNU_JAR_PATH
# what the checker reports as a failure; "info" (warnings) is left out by --errors-only
FAILING_TYPES = {"error", "non-document-error"}


@dataclass
class VnuMessage:
    type: str
    path: Path | None
    line: int | None
    message: str

    def describe(self, root: Path) -> str:
        """``<file relative to root>:<line>: <message>``, as a failure prints it."""
        where = "?"
        if self.path is not None:
            where = str(
                self.path.relative_to(root) if self.path.is_relative_to(root) else self.path
            )
        line = "?" if self.line is None else str(self.line)
        prefix = "" if self.type == "error" else f"[{self.type}] "
        return f"{where}:{line}: {prefix}{self.message}"


def java() -> str:
    path = shutil.which("java")
    assert path, (
        "java is missing: install a Java runtime (Debian: apt-get install default-jre-headless;"
        " .ci/run does this)"
    )
    return path


def vnu(files: list[Path]) -> list[VnuMessage]:
    """Check the given HTML files in one run of vnu.jar; its errors, by file and line."""
    assert VNU_JAR.is_file(), (
        f"{VNU_JAR_PATH} is missing: run `make test` (it runs `npm ci`"
        " from package-lock.json), or `npm ci` in the repository root"
    )
    assert files, "no HTML files to check"
    # vnu.jar says nothing at all about a file that does not exist
    missing = [str(file) for file in files if not file.is_file()]
    assert not missing, f"not files: {missing}"
    result = subprocess.run(
        [java(), "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
         *(str(file.resolve()) for file in files)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    # the JSON report goes to stderr; exit status 1 just means "errors found"
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        raise AssertionError(
            f"vnu.jar exited {result.returncode} without a JSON report:\n"
            f"{result.stderr}\n{result.stdout}"
        ) from None
    messages = []
    for item in report["messages"]:
        url = item.get("url")
        messages.append(
            VnuMessage(
                type=item.get("type", "?"),
                path=Path(unquote(urlsplit(url).path)) if url else None,
                line=item.get("lastLine"),
                message=item.get("message", ""),
            )
        )
    return messages


def failures(messages: list[VnuMessage], root: Path) -> list[str]:
    return [m.describe(root.resolve()) for m in messages if m.type in FAILING_TYPES]


def test_every_page_of_the_real_site_is_valid_html(real_site_dir: Path) -> None:
    pages = sorted(real_site_dir.rglob("*.html"))
    assert len(pages) > 10, f"only {len(pages)} HTML pages in {real_site_dir}"
    errors = failures(vnu(pages), real_site_dir)
    assert errors == [], (
        f"the Nu Html Checker found {len(errors)} error(s) in {len(pages)} pages:\n"
        + "\n".join(errors)
    )


VALID = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Valid</title></head>
<body><p id="a">One</p></body>
</html>
"""

INVALID = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Invalid</title></head>
<body>
<p id="twice">One</p>
<p id="twice">Two</p>
<span><div>block in inline</div></span>
</body>
</html>
"""


def test_vnu_reports_errors_by_file_and_line(tmp_path: Path) -> None:
    """The site test can't pass vacuously: the same helper finds known errors, in the right file."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "valid.html").write_text(VALID, encoding="utf-8")
    (tmp_path / "sub" / "invalid.html").write_text(INVALID, encoding="utf-8")
    errors = failures(vnu([tmp_path / "valid.html", tmp_path / "sub" / "invalid.html"]), tmp_path)
    assert any(e.startswith("sub/invalid.html:6: Duplicate ID") for e in errors), errors
    assert any(
        e.startswith("sub/invalid.html:7: ") and "“div” not allowed as child of element “span”" in e
        for e in errors
    ), errors
    assert not [e for e in errors if e.startswith("valid.html")], errors
