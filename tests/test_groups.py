"""Product groups are reference data keyed by the decision that defines them."""

from generator.domain.reference.groups import DEFAULT_RULES, rule_set, rule_sets


def test_both_decisions_define_six_groups():
    assert DEFAULT_RULES in rule_sets() and "1048/QĐ-TTg" in rule_sets()
    for rules in rule_sets().values():
        assert len(rules.groups) == 6
        assert rules.certifying_level == {3: "district", 4: "province", 5: "central"}


def test_groups_match_codes_and_vietnamese_names_with_or_without_accents():
    rules = rule_set()
    assert rules.group("Đồ uống").code == "do-uong"
    assert rules.group("do uong").code == "do-uong"
    assert rules.group("Beverages").code == "do-uong"
    assert rules.group("dich vu du lich cong dong, du lich sinh thai va diem du lich").code == "du-lich"
    assert rules.group("nhóm không có") is None
