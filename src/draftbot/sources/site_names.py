"""The name a site shows for itself: its logo line at the top, its copyright footer at the bottom.

    国家统计局                                   <- logo / header line (a known publisher or an organisation)
    版权所有：国家统计局   京ICP备05034670号       <- copyright footer
    中国政府网 版权所有     主办单位：河南省人民政府办公厅
    © 2025 Reuters. All rights reserved.         Copyright © 2024 Caixin Global Ltd

This is the *site*, which is the publisher of its own pages and the `via` of the stories it
reprints (see resolve.py). Names are cut at the next label, and company suffixes (Ltd, Inc.) go.
The rights notice around a name (`Copyright ©`, years, `All Rights Reserved`, `版权所有`,
`保留所有权利`) is never part of it, wherever the footer puts it:

    版权所有 © 2015-2026 中国某某协会　All Rights Reserved     Copyright (c) 2026 某某网 版权所有
"""

from __future__ import annotations

import re

from .doc_head import is_org_line
from .publishers import ALIASES, DOMAINS, canonical_publisher, named_body

_NAME = r"([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9&.'· ]{1,40}?)"
_YEARS = r"(?:\d{4}(?:\s*[-–—－~]\s*\d{4})?\s*)?"
_FOOTER_NAMES = (
    re.compile(r"^" + _NAME + r"\s*(?:版权所有|版權所有)"),
    re.compile(r"(?:版权所有|版權所有)\s*[:：]?\s*(?:©\s*)?" + _YEARS + _NAME + r"(?=\s{2,}|\s*[|｜,，;；。©]|\s*(?:[\u4e00-\u9fff]?ICP|[\u4e00-\u9fff]公网安备|地址|电话|主办|承办|技术|未经|不得|禁止|严禁|翻印|侵权|违者)|$)"),
    re.compile(r"(?:主办单位|主办)\s*[:：]\s*" + _NAME + r"(?=\s|[|｜,，;；。]|$)"),
    re.compile(r"©\s*" + _YEARS + _NAME + r"(?=\s*(?:[.,|｜;]|版权所有|版權所有|[\u4e00-\u9fff]?ICP|$))"),
)
# Copyright / CopyRight (C) / (c) are written ©; All Rights Reserved and 保留所有权利 end a name
_COPYRIGHT = re.compile(r"copy\s*right[sc]?(?![a-z])\s*(?:©|\([cC]\)|（[cC]）)?|\([cC]\)|（[cC]）|Ⓒ", re.I)
_RESERVED = re.compile(r"[\s.,，。]*(?:all\s+rights\s+reserved|(?:并|並)?保留(?:所有|一切)(?:权利|權利))[.。]?", re.I)
# what often follows 版权所有 in a footer is the rights notice, not a name (版权所有 不得转载)
_RIGHTS_NOTICE = re.compile(r"^(?:不得|禁止|严禁|未经|翻印|侵权|违者|保留|转载|请勿)|(?:必究|转载|复制|镜像)$")
# a filing number (粤ICP备12345678号, 京公网安备…) is no name
_RECORD_NO = re.compile(r"ICP|公网安备|公網安備|备\d|\d{5,}")
_COMPANY = re.compile(r"[\s,]+(?:Ltd|Limited|Inc|Co|Corp|LLC|PLC|plc|Group)\.?$")
_KNOWN = {*ALIASES.values(), *DOMAINS.values()}
_SITE_END = re.compile(r"(?:网|網|报|報|社|局|部|委|厅|政府|频道|新闻|日报|时报|电视台)$")


def clean_site(name: str) -> str:
    name = _COMPANY.sub("", " ".join(name.split()).strip(" .,:;：，"))
    name = re.sub(r"\s+\d{4}$", "", name)
    # a body's own site or disclosure platform (某某省人民政府门户网站, …交通运输部 政府信息公开) is the body
    return canonical_publisher(named_body(name) or name)


def site_from_footer(lines: list[str]) -> str:
    """The site named in a copyright / 主办 line (the last one wins: footers sit at the end)."""
    found = ""
    for line in lines:
        s = " ".join(_RESERVED.sub(" | ", _COPYRIGHT.sub(" © ", line)).split())
        for rx in _FOOTER_NAMES:
            m = rx.search(s)
            if m:
                name = clean_site(m.group(1))
                # a footer names an organisation: no person check (it would refuse "Caixin Global")
                if (2 <= len(name) <= 40 and not re.fullmatch(r"[\d\s]+", name) and "@" not in name
                        and not _RIGHTS_NOTICE.search(name) and not _RECORD_NO.search(name)):
                    found = name
                    break
    return found


def site_from_header(lines: list[str]) -> str:
    """A logo line at the top: a known publisher's name, or an organisation's, alone on a line."""
    for line in lines[:6]:
        s = " ".join(line.split())
        name = clean_site(s)
        if name in _KNOWN or name.lower() in {k.lower() for k in _KNOWN}:
            return name
        if len(s) <= 16 and (is_org_line(s) or _SITE_END.search(s)) and not re.search(r"\d", s):
            return name
    return ""
