"""What other sites see of this one: its address and name, and the terms of its open data."""

from __future__ import annotations

from dataclasses import dataclass

LICENSES = {
    # SPDX id: (name shown to readers, licence text)
    "CC-BY-4.0": ("Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)", "https://creativecommons.org/licenses/by/4.0/deed.vi"),
    "CC0-1.0": ("CC0 1.0: dành cho công chúng, không giữ bản quyền", "https://creativecommons.org/publicdomain/zero/1.0/deed.vi"),
    "ODbL-1.0": ("Giấy phép Cơ sở dữ liệu mở (ODbL 1.0)", "https://opendatacommons.org/licenses/odbl/1-0/"),
}
UPDATES = "Mỗi khi danh mục trên trang được cập nhật: dữ liệu được tạo lại cùng lúc với các trang."


@dataclass(frozen=True)
class Publication:
    """What other sites see of this one: its address and name, and the terms of its open data.

    Every absolute address the site publishes (feeds, API, social cards, structured data)
    is made by :meth:`absolute` from ``url`` (MkDocs' ``site_url``). Without it, addresses
    are relative to the host's root ("/san-pham/x/").
    """

    name: str = "Sản phẩm OCOP"
    url: str = ""
    license: str = "CC-BY-4.0"
    updates: str = UPDATES
    product_cards: bool = True
    """A social card per product page (with ``url``); without, a product page shows its photo, or the
    site's card. The cards are about 40 KB each: 580 MB of a 15,000-product site."""

    def __post_init__(self) -> None:
        if self.license not in LICENSES:
            raise ValueError(f"data_license '{self.license}' is not one of {', '.join(LICENSES)}")

    @property
    def shares_product_cards(self) -> bool:
        """Whether product pages publish their own social card (Open Graph needs its absolute address)."""
        return bool(self.url) and self.product_cards

    def absolute(self, path: str) -> str:
        return (self.url.rstrip("/") + "/" if self.url else "/") + path

    @property
    def host(self) -> str:
        return self.url.split("//", 1)[-1].strip("/").split("/")[0]

    @property
    def license_name(self) -> str:
        return LICENSES[self.license][0]

    @property
    def license_url(self) -> str:
        return LICENSES[self.license][1]
