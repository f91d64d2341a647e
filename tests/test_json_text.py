"""json_text.dumps_indented writes exactly what json.dumps(ensure_ascii=False, indent=n) writes."""

import json
import random

import pytest

from draftbot.json_text import dumps_indented

CASES = [
    {}, [], "s", 3, 2.5, None, True, {"": ""}, {"a": []}, [[]], [{}], [[1], [2]], [[1, 2], [3]], [[1], []],
    [[1, "]\x00["], ["a"]],  # text that looks like the table separator
    {"r": [[1, 2.0, None], ["x", True]]}, {"x": {"y": [1, 2.5, None, True, "é\n\"\\", float("nan"), 1e300, -0.0]}},
    (1, 2), {"k": (1, [2, (3,)])}, {1: 2}, {"a": {1: 2, None: 3, 1.5: 4}}, [1, {2.0: 3}], [[1], [2, [3, []]]],
    {"a": [[1, [2]]]}, ["\u2028\u202e", "中文"], [[float("inf"), -float("inf")]],
]


@pytest.mark.parametrize("indent", [0, 2, 4])
@pytest.mark.parametrize("case", CASES, ids=range(len(CASES)))
def test_same_text_as_json_dumps(case, indent):
    assert dumps_indented(case, indent) == json.dumps(case, ensure_ascii=False, indent=indent)


def _random_value(rng: random.Random, depth: int):
    pick = rng.random()
    if depth > 3 or pick < 0.4:
        return rng.choice([rng.randint(-10**6, 10**6), rng.random() * 1e4, None, True, False, "", "年增长8.5%",
                           "x\"]\x00[\n", 0.1])
    if pick < 0.55:  # a table: lists of scalars
        return [[_random_value(rng, 9) for _ in range(rng.randint(1, 5))] for _ in range(rng.randint(0, 6))]
    if pick < 0.75:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {f"k{i}": _random_value(rng, depth + 1) for i in range(rng.randint(0, 4))}


def test_random_structures():
    rng = random.Random(7)
    for _ in range(400):
        v = _random_value(rng, 0)
        assert dumps_indented(v, 2) == json.dumps(v, ensure_ascii=False, indent=2)


def test_errors_are_the_standard_encoders():
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"a": object()})
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps_indented(loop)
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): 3})


def test_encoded_in_pieces_is_the_same_bytes():
    from draftbot.json_text import _FLUSH_PARTS, encode_pieces

    def encode_indented(*a, **k):
        return b"".join(encode_pieces(*a, **k))
    from draftbot.display import escape_json, json_dumps

    big = {"rows": [[i, f"第{i}条\u202e", i / 7] for i in range(3)],
           "items": [{"k": i, "t": "x\u2028y", "n": [i, [i]]} for i in range(_FLUSH_PARTS // 3)]}
    for data in (big, {"a": object.__name__}, [], {1.5: 2}):
        assert encode_indented(data, 2, escape=escape_json, end="\n") == (json_dumps(data) + "\n").encode("utf-8")
    assert encode_indented({"a": [1]}) == json.dumps({"a": [1]}, indent=2).encode()
