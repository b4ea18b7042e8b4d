import pytest

from generator.places import PlaceError, registry


@pytest.fixture(scope="module")
def places():
    return registry()


def test_thirty_four_provinces(places):
    assert len(places.provinces) == 34


def test_former_province_is_an_alias(places):
    province, former = places.province("tỉnh Bạc Liêu")
    assert province.short == "Cà Mau" and former == "Bạc Liêu"
    assert places.province("TP. Hồ Chí Minh")[0].short == "Hồ Chí Minh"


def test_legacy_three_level_address(places):
    place = places.resolve("xã Phú Cần, huyện Tiểu Cần, tỉnh Trà Vinh")
    assert place.province.short == "Vĩnh Long"
    assert place.commune.name == "Xã Tiểu Cần"
    assert place.former_province == "Trà Vinh"


def test_current_two_level_address_with_street(places):
    place = places.resolve("Ấp Tân Long, xã Đầm Dơi, tỉnh Cà Mau")
    assert place.province.short == "Cà Mau" and place.commune.name == "Xã Đầm Dơi"
    assert place.street == "Ấp Tân Long"
    assert not place.former


def test_address_without_diacritics_or_with_abbreviations(places):
    assert places.resolve("X. Dam Doi, T. Ca Mau").commune.name == "Xã Đầm Dơi"


def test_unknown_places_are_errors(places):
    with pytest.raises(PlaceError):
        places.resolve("xã Không Tồn Tại, tỉnh Cà Mau")
    with pytest.raises(PlaceError):
        places.province("Tỉnh Atlantis")
