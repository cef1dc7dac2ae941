"""The label-collision checker (tests/overlap.py) finds what it should, worked by hand."""
from tests.overlap import problems


def test_the_checker_finds_overlaps_and_clipping():
    boxes = {"width": 100, "height": 50, "boxes": [
        {"role": "xtick", "text": "都道府県", "x0": 10, "y0": 40, "x1": 40, "y1": 48},
        {"role": "xtick", "text": "政令指定都市", "x0": 35, "y0": 40, "x1": 80, "y1": 48},
        {"role": "label", "text": "+4", "x0": 90, "y0": 5, "x1": 110, "y1": 15}]}
    found = problems(boxes)
    assert len(found) == 2 and "edge" in found[0] and "overlaps" in found[1]
    touching = {"width": 100, "height": 50, "boxes": [
        {"role": "xtick", "text": "a", "x0": 10, "y0": 40, "x1": 20, "y1": 48},
        {"role": "xtick", "text": "b", "x0": 20.5, "y0": 40, "x1": 30, "y1": 48}]}
    assert problems(touching) == []
