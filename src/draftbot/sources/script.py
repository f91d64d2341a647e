"""Traditional Chinese made simplified, as the briefing's editor would before quoting it.

Reprint sites often serve mainland releases converted to traditional characters (來源/發布時間,
制造業采購經理指數), and Hong Kong, Macao and Taiwan sources are written in them. A briefing written
in simplified Chinese cannot quote them as they are, and neither the metadata ladder (来源 lines,
datelines) nor the claim check (subjects compared by characters) can read them. A body whose Han
characters are mostly traditional is converted, with its title and the fields the reader found,
by OpenCC's `t2s` table (characters and phrases; figures and Latin text untouched), and the source
carries a warning saying so. Simplified text is left alone: a few characters that also have a
simplified use (乾, 著) do not reach the threshold.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .extracted import Extracted

_HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_CHANGED = 10  # characters that differ after conversion ...
MIN_SHARE = 0.05  # ... and their share of the Han characters
_SCAN = 20_000  # a body's script is judged on its first characters


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported on first use: most sources are simplified or English

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text) if text else text


def is_traditional(text: str) -> bool:
    sample = text[:_SCAN]
    han = len(_HAN.findall(sample))
    if han < MIN_CHANGED:
        return False
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample)))
    return changed >= MIN_CHANGED and changed >= MIN_SHARE * han


def simplify_source(found: Extracted) -> None:
    """Convert `found` (body, its string fields, byline and site name) to simplified Chinese when its
    body is traditional; note it among the reader's warnings."""
    if not is_traditional(found.text):
        return
    found.text = to_simplified(found.text)
    found.byline = to_simplified(found.byline)
    found.form = [to_simplified(line) for line in found.form]
    found.site = to_simplified(found.site)
    found.fields = {k: to_simplified(v) if isinstance(v, str) else v for k, v in found.fields.items()}
    found.warnings.append("traditional Chinese converted to simplified")
