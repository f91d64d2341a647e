"""The briefing document and its grammar, written and read in one place.

- `brief`: the publication's format (title block, sections, 摘要, 今日判断, reference heading and line)
- `document`: the drafted briefing as data (sections, paragraphs, clauses with cited spans)
- `marks`: the inline marks: citation groups `[n]`, 【待核实】 notes, reference numbering
- `prose`: the text every format shares (headings, dated line, numbered references, clause text)
- `references`: reference lines written from, and read with, the brief's template
- `markdown`, `docx`: render and read each format; `formats.FORMATS` registers them
- `provenance`: the JSON written beside a briefing (and found again by `check`)
"""
