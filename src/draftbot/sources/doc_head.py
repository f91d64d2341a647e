"""Title, publisher and date written in a document's own lines (PDF/DOCX communiqués and notices).

    周 口 市 统 计 局                          <- issuing body (spaced-out letterhead, collapsed)
    周口市2024年国民经济和                     <- title, possibly wrapped over two or three lines
    社会发展统计公报
    （2024年3月20日）                          <- head date
    ……正文……
    周口市统计局                               <- signature
    2024年3月20日                              <- signature date (wins over the head date and
                                                  over the file's creation time)
"""

from __future__ import annotations

import datetime as dt
import re

from .dates import dates_in_text
from .meta_lines import META_LINE
from .publishers import canonical_publisher

_SPACED = re.compile(r"^(?:[\u3400-\u9fff][ \u3000]+){2,}[\u3400-\u9fff]$")
_DOC_NUMBER = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号|^[\u4e00-\u9fff]{1,6}字?第?\d+号$")
_ORG_END = re.compile(r"(?:局|部|委员会|委|办公室|办公厅|政府|院|厅|中心|银行|总署|协会|联合会|联盟|商会|学会|研究所|研究院|集团|公司|调查总队|调查队|秘书处)$")
_TITLE_WORDS = re.compile(r"关于|公报|通知|公告|意见|办法|方案|规划|决定|报告|情况|统计|发布|印发")
_SENTENCE_END = re.compile(r"[。！？；，、：:,;!?]$|\.$")
_DATE_ONLY = re.compile(r"^[（(]?\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零○一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|\d{4}-\d{1,2}-\d{1,2})\s*(?:发布|印发|公布)?\s*[)）]?$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、]|第[一二三四五六七八九十]+[章节条部分])")
_ADDRESSEE = re.compile(r"[:：]$")
# 工业和信息化部办公厅文件: the issuer's letterhead of an official document
_LETTERHEAD = re.compile(r"^(.{3,24}?)文\s*件$")
# 工业和信息化部办公厅关于…的通知: an official document's title names its issuer before 关于
_ISSUER_TITLE = re.compile(r"^(.{3,24}?)关于.{2,}的(?:通知|意见|决定|办法|批复|通告|公告|函|方案|规定|指导意见|实施意见)$")
# 附件2 / 附件：1.… / 附表 / （此件公开发布）: what follows the signature of a notice that goes on
# (its attachments, or the plan it issues)
_AFTER_SIGNATURE = re.compile(r"^(?:(?:附件|附表)\s*(?:\d+|[一二三四五六七八九十]+)?\s*(?:[:：]|$)|[（(]此件)")


# a document's handling marks above its title (内部参考, 未经审计, 特急, 秘密★1年): how to treat it, not its name
_MARKING = re.compile(r"^(?:(?:内部参考|内部资料|未经审计|注意保存|仅供参考|征求意见稿|送审稿|特急|加急|平急|"
                      r"秘密|机密|绝密)(?:★\S*)?[ \u3000]*)+$")


# (its department may follow the body, and the date its label: 中国汽车工业协会 统计信息部 发布日期：2027年3月31日)
_ORG_AND_DATE = re.compile(r"^(\S{3,24})(?:[ \u3000]+\S{2,12}(?:部|处|司|室|所|中心|团队))?[ \u3000]+"
                           r"(?:(?:发布)?(?:日期|时间)[：:]\s*)?(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")


_ISSUES = ("发布", "编制", "编", "制", "供稿", "印发")


def _issuer_line(line: str, after: str) -> str:
    """`中国保险行业协会 统计信息部` under a title, or a body's name alone with its date on the next
    line (`国家统计局` / `（2027年1月20日）`): the issuing body, or "". A body's name alone and
    undated may be the end of a wrapped title (…技术创新 / 中心), so it is not taken."""
    first, *rest = line.split()
    if rest and rest[-1] in _ISSUES:
        rest = rest[:-1]  # 中国机器人产业联盟（CRIA）秘书处　发布
        if not rest:
            return first if is_org_line(first) else ""
    if not is_org_line(first) or len(rest) > 1:
        return ""
    if rest:
        return first if is_org_line(rest[0]) or rest[0].endswith(("部", "处", "司", "室", "所", "团队", "课题组", "中心")) else ""
    return first if _DATE_ONLY.match(after) else ""


def is_date_line(line: str) -> bool:
    """A line that is a date alone (`（2027年1月20日）`, `2027年1月13日发布`, `二〇二六年三月二十日`): under a
    title or over a signature, when, never a sentence."""
    return bool(_DATE_ONLY.match(line.strip().rstrip("。.")))


def is_doc_number(line: str) -> bool:
    """`浙政办发〔2026〕58号`, `豫财企〔2024〕31号`: an official document's number, never its title."""
    return bool(_DOC_NUMBER.search(line.strip())) and len(line.strip()) <= 30


def collapse_spaced(line: str) -> str:
    """`周 口 市 统 计 局` -> `周口市统计局`; any other line unchanged."""
    s = line.strip()
    return re.sub(r"[ \u3000]+", "", s) if _SPACED.match(s) else line


def is_org_line(line: str) -> bool:
    s = line.strip()
    return 3 <= len(s) <= 24 and bool(_ORG_END.search(s)) and not _TITLE_WORDS.search(s.replace("统计局", ""))


def head_fields(lines: list[str]) -> tuple[dict[str, object], dict[str, str]]:
    """(fields, origin) from the first and last lines of a document body (already collapsed)."""
    fields: dict[str, object] = {}
    origin: dict[str, str] = {}
    top = [ln.strip() for ln in lines[:12] if ln.strip()]
    title_parts: list[str] = []
    for i, ln in enumerate(top):
        if _DATE_ONLY.match(ln):
            if not title_parts or "date" in fields:
                _put(fields, origin, "date", _date_of(ln), "head date line")
                continue
            _put(fields, origin, "date", _date_of(ln), "head date line")
            break
        if _DOC_NUMBER.search(ln) or _MARKING.match(ln):
            continue
        if title_parts and (dated := _ORG_AND_DATE.match(ln)) and is_org_line(dated.group(1)):
            # 中国国债协会研究部 2027年3月3日: the issuer and its date on one line under the title
            _put(fields, origin, "publisher", canonical_publisher(dated.group(1)), "byline under title")
            _put(fields, origin, "date", _date_of(dated.group(2)), "head date line")
            break
        if title_parts and (org := _issuer_line(ln, top[i + 1] if i + 1 < len(top) else "")):
            _put(fields, origin, "publisher", canonical_publisher(org), "byline under title")
            continue  # (its date may follow)
        if META_LINE.match(ln):
            if title_parts:
                break
            continue
        head = _LETTERHEAD.match(ln)
        if head and is_org_line(head.group(1)) and not title_parts:
            _put(fields, origin, "publisher", canonical_publisher(head.group(1)), "letterhead")
            continue
        if not title_parts and _furniture(ln):
            continue  # a saved page's breadcrumb or menu above its title (首页 > 新闻发布 > 商务数据)
        if not title_parts and (org := _site_section(ln)):
            _put(fields, origin, "publisher", canonical_publisher(org), "site header")
            continue
        if (is_org_line(ln) or _known_site(ln)) and not title_parts:
            _put(fields, origin, "publisher", canonical_publisher(ln), "letterhead" if is_org_line(ln) else "site header")
            continue
        if _is_title_part(ln) and len("".join(title_parts)) + len(ln) <= _title_room(ln) and len(title_parts) < 3:
            title_parts.append(ln)
            continue
        break
    if title_parts:
        fields["title"], origin["title"] = _join_title(title_parts), "title lines"
    _signature(lines, fields, origin)
    issuer = _ISSUER_TITLE.match(str(fields.get("title", "")))
    if issuer and is_org_line(issuer.group(1)):
        _put(fields, origin, "publisher", canonical_publisher(issuer.group(1)), "title (issuer)")
    return fields, origin


def _furniture(line: str) -> bool:
    from .page_chrome import chrome_kind

    return chrome_kind(line) in ("breadcrumb", "navigation", "account", "tools")


def _site_section(line: str) -> str:
    """`中国人民银行 新闻发布`: a printed page's header, the site's name and the section it is in;
    the name, or ""."""
    from .page_chrome import _NAV_WORDS

    org, *rest = line.split()
    return org if rest and is_org_line(org) and all(w in _NAV_WORDS for w in rest) else ""


def _known_site(line: str) -> bool:
    """A logo line: the name of a known publisher alone on a line (`Reuters`, `人民网`)."""
    from .publishers import ALIASES, DOMAINS

    name = canonical_publisher(line)
    if name in ALIASES.values() or name in DOMAINS.values():
        return True
    # (a report's name, 债券市场月报 or 统计公报, is no newspaper: only 日报, 晚报, 商报… are outlets)
    return len(name) <= 10 and bool(re.search(r"(?:网|網|(?<![月周年季快简通公汇])报|報|社|新闻|频道|电视台)$", name)) \
        and not re.search(r"\d", name)


def _is_title_part(line: str) -> bool:
    limit = 60 if re.search(r"[\u3400-\u9fff]", line) else 160
    return (
        4 <= len(line) <= limit
        and not _SENTENCE_END.search(line)
        and not _HEADING.match(line)
        and not _ADDRESSEE.search(line)
        and bool(re.search(r"[\u4e00-\u9fffA-Za-z]", line))
    )


def _title_room(line: str) -> int:
    return 80 if re.search(r"[\u3400-\u9fff]", line) else 200


def _join_title(parts: list[str]) -> str:
    out = parts[0]
    for p in parts[1:]:
        joiner = " " if out[-1:].isascii() and p[:1].isascii() else ""
        out += joiner + p
    return out


def signature(lines: list[str]) -> tuple[str, dt.date | None]:
    """(signing body or "", signature date or None): a date alone on one of the last lines, and
    the organisation named on the line above it; in a notice that goes on after its signature
    (（此件公开发布）, its attachments, the plan it issues), the last signing body and date
    before that."""
    body = [ln.strip() for ln in lines if ln.strip()]
    for i in range(len(body) - 1, 0, -1):
        if _DATE_ONLY.match(body[i]) and is_org_line(body[i - 1]) and \
                any(_AFTER_SIGNATURE.match(ln) for ln in body[i + 1:i + 4]):
            return canonical_publisher(body[i - 1]), _date_of(body[i])
    tail = [ln.strip() for ln in lines[-6:] if ln.strip()]
    for i in range(len(tail) - 1, -1, -1):
        if _DATE_ONLY.match(tail[i]):
            signer = canonical_publisher(tail[i - 1]) if i > 0 and is_org_line(tail[i - 1]) else ""
            return signer, _date_of(tail[i])
    return "", None


def _signature(lines: list[str], fields: dict[str, object], origin: dict[str, str]) -> None:
    signer, d = signature(lines)
    if d:
        fields["date"], origin["date"] = d, "signature date"
    if signer:
        _put(fields, origin, "publisher", signer, "signature")


def _date_of(line: str) -> dt.date | None:
    found = dates_in_text(line)
    return found[0][1] if found else None


def _put(fields: dict[str, object], origin: dict[str, str], key: str, value: object, where: str) -> None:
    if value and key not in fields:
        fields[key], origin[key] = value, where
