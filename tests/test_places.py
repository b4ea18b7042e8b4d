import pytest

from generator.domain.places import PlaceError, registry


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


def test_thua_thien_hue_and_a_district_split_before_the_merger(places):
    assert places.province("tỉnh Thừa Thiên Huế")[0].short == "Huế"
    place = places.resolve("phường Phú Hội, thành phố Huế, tỉnh Thừa Thiên Huế")
    assert place.province.short == "Huế" and place.commune is not None


@pytest.mark.parametrize("address", [
    "xã Tân Lập, huyện Mộc Châu, tỉnh Sơn La",  # Mộc Châu had become a thị xã
    "xã Tân Trung, thị xã Gò Công, tỉnh Tiền Giang",  # Gò Công had become a thành phố
    "xã Hòa Hiệp Trung, huyện Đông Hòa, tỉnh Phú Yên",
])
def test_district_type_written_differently(places, address):
    assert places.resolve(address).commune is not None


def test_todays_commune_with_a_former_district(places):
    assert places.resolve("xã Đầm Dơi, huyện Đầm Dơi, tỉnh Cà Mau").commune.name == "Xã Đầm Dơi"


@pytest.mark.parametrize("address", ["xã Foo, huyện Bar, tỉnh Cà Mau", "huyện Bar, tỉnh Cà Mau"])
def test_unknown_district_or_commune_is_never_silently_accepted(places, address):
    with pytest.raises(PlaceError):
        places.resolve(address)
