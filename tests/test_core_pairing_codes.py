"""Pairing names across tables (`core.pairing`) and unique codes from printed codes (`core.unique_codes`), by hand."""

from __future__ import annotations

from analysis.extract.core.pairing import FUZZY, align, similarity
from analysis.extract.core.unique_codes import unique_codes


def test_equal_keys_pair_first_in_order_whatever_the_casing_and_wrapping():
    assert align(["Yol Yapımı", "PARK BAKIMI"], ["park  bakımı", "yol-yapımı"]) == {0: 1, 1: 0}


def test_similar_names_pair_best_first_and_each_item_once():
    left = ["Kaldırım yapım işleri", "Kaldırım onarım işleri"]
    right = ["Kaldırım onarımı işleri", "Kaldırım yapımı işleri"]
    assert all(similarity(a, b) >= FUZZY for a, b in ((left[0], right[1]), (left[1], right[0])))
    assert align(left, right) == {0: 1, 1: 0}


def test_dissimilar_names_stay_unpaired_and_allowed_forbids():
    assert align(["Çevre temizliği"], ["Spor tesisi inşaatı"]) == {}
    assert align(["Yol Yapımı"], ["Yol yapımı"], allowed=lambda i, j: False) == {}


def test_similarity_of_contained_and_empty_names():
    assert similarity("Asfalt serimi", "Asfalt serimi ve bakımı") == 0.95  # key of 12 letters inside the other
    assert similarity("", "x") == 0.0
    assert similarity("A.B", "a b") == 1.0


def test_codes_kept_where_unique():
    assert unique_codes([["PG1.1", "İG1.2"], ["PG2.1"]]) == {(1, 1): "PG1.1", (1, 2): "İG1.2", (2, 1): "PG2.1"}


def test_truncated_and_repeated_codes_get_their_position():
    # card 1 prints a truncated code and one code twice
    assert unique_codes([["İG2.60.1.", "PG3", "PG3"]]) == {(1, 1): "İG2.60.1.#1", (1, 2): "PG3#2", (1, 3): "PG3#3"}


def test_a_code_on_two_cards_gets_the_card_number_on_every_occurrence():
    got = unique_codes([["İG1.41.1.1"], ["X"], ["İG1.41.1.1 "]])
    assert got == {(1, 1): "İG1.41.1.1@1", (2, 1): "X", (3, 1): "İG1.41.1.1@3"}


def test_a_truncated_code_in_two_cards_gets_both_marks():
    assert unique_codes([["PG6.33.1."], ["PG6.33.1."]]) == {(1, 1): "PG6.33.1.#1@1", (2, 1): "PG6.33.1.#1@2"}
