"""Vietnamese alphabetical order (`pipeline.alphabetical`)."""

from __future__ import annotations

from pipeline.alphabetical import sort_key


def test_vietnamese_alphabetical_order():
    words = ["Yên", "Đông", "Ân", "Ăn", "An", "Bắc", "Dung", "Ơn", "Ông", "Ong", "Ưng", "Uông",
             "Hòa", "Hoa", "Họa", "Hóa", "Ê", "E"]
    assert sorted(words, key=sort_key) == [
        "An", "Ăn", "Ân", "Bắc", "Dung", "Đông", "E", "Ê", "Hoa", "Hòa", "Hóa", "Họa", "Ong",
        "Ông", "Ơn", "Uông", "Ưng", "Yên"]
    assert sorted(["B", "Đ", "Z"]) == ["B", "Z", "Đ"]  # what code-point order would do
