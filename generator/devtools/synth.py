"""``ocop synth``: a synthetic national site for benchmarks.

Writes a site that builds as it is, with N products spread over today's 34
provinces (real communes from :mod:`generator.domain.places`, so addresses validate
strictly), the six product groups of the reference data, star levels at about
70/29/1 %, producers, a few events and showrooms and, optionally, generated
photos. The output is a pure function of (N, seed, image share): the same bytes
on every run, so two benchmark runs read the same input.

Records are written as text, straight to disk, without validating them here:
``ocop validate`` is what a benchmark measures, and the test suite checks that
whatever this module writes passes it.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import random
import re
import threading
from bisect import bisect_right
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..domain.places import Commune, Province, registry
from ..domain.reference.groups import DEFAULT_RULES, Group, Subgroup, rule_set
from ..domain.text import slugify
from ..project import scaffold
from ..records.yamlfile import scalar

BUILD_DATE = dt.date(2026, 11, 23)
SITE_URL = "https://ocop.example.vn/"
SITE_NAME = "Sản phẩm OCOP cả nước (dữ liệu tổng hợp)"
YEARS_BACK = 5
DISTRICT_LEVEL_ENDS = dt.date(2025, 6, 30)  # district governments were abolished on 1 July 2025
MINISTRY_RENAMED = dt.date(2025, 3, 1)  # the Ministry of Agriculture merged with Natural Resources
IMAGE_SIZE = (800, 600)
IMAGE_CHUNK = 64

STAR_SHARES = {3: 0.70, 4: 0.29, 5: 0.01}
NO_PRODUCER_SHARE = 0.10
PRODUCTS_PER_PRODUCER = 2
PRODUCER_KINDS = {"cooperative": 38, "household": 35, "enterprise": 22, "cooperative-group": 5}

# Rough relative sizes of the provinces' OCOP catalogs (former provinces summed into
# today's): Hà Nội far ahead, the northern mountain provinces smallest. Shape only,
# not official figures.
PROVINCE_WEIGHTS = {
    "Hà Nội": 30, "Cao Bằng": 2, "Tuyên Quang": 5, "Điện Biên": 2, "Lai Châu": 1.5, "Sơn La": 3,
    "Lào Cai": 6, "Thái Nguyên": 6, "Lạng Sơn": 3, "Quảng Ninh": 7, "Bắc Ninh": 6, "Phú Thọ": 8,
    "Hải Phòng": 6, "Hưng Yên": 8, "Ninh Bình": 8, "Thanh Hóa": 7, "Nghệ An": 6, "Hà Tĩnh": 5,
    "Quảng Trị": 4, "Huế": 3, "Đà Nẵng": 5, "Quảng Ngãi": 4, "Gia Lai": 5, "Khánh Hòa": 3,
    "Đắk Lắk": 4, "Lâm Đồng": 6, "Đồng Nai": 4, "Hồ Chí Minh": 5, "Tây Ninh": 4, "Đồng Tháp": 6,
    "Vĩnh Long": 7, "An Giang": 6, "Cần Thơ": 5, "Cà Mau": 4,
}
# Shares of the six groups in the national catalog: food dominates.
GROUP_WEIGHTS = {
    "thuc-pham": 68, "do-uong": 9, "duoc-lieu": 10, "thu-cong-my-nghe": 7, "sinh-vat-canh": 2, "du-lich": 4,
}
SUBGROUP_WEIGHTS = {
    "thuc-pham-tuoi-song": 20, "thuc-pham-tho-so-che": 18, "thuc-pham-che-bien": 34, "gia-vi": 12, "che": 9,
    "ca-phe-ca-cao": 7, "do-uong-co-con": 45, "do-uong-khong-con": 55, "duoc-lieu-so-che": 30,
    "thuc-pham-chuc-nang": 25, "thuoc-duoc-lieu": 10, "my-pham": 15, "tinh-dau-duoc-lieu-khac": 20,
    "thu-cong-my-nghe-trang-tri": 30, "do-go-may-tre": 45, "vai-may-mac": 25, "hoa": 40, "cay-canh": 45,
    "dong-vat-canh": 15, "du-lich-cong-dong": 70, "diem-du-lich": 30,
}

# -- word lists (together they use every Vietnamese vowel with every tone, and đ/Đ) --------
# Per subgroup: (product words, varieties, packaging, price unit, price range in thousand đồng)
PRODUCT_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str, tuple[int, int]]] = {
    "thuc-pham-tuoi-song": (
        ("Bưởi", "Cam sành", "Xoài cát", "Sầu riêng", "Thanh long", "Vải thiều", "Nhãn lồng", "Na dai",
         "Dưa lưới", "Măng cụt", "Chuối ngự", "Trứng gà", "Ổi lê", "Mít tố nữ"),
        ("ruột đỏ", "hữu cơ", "VietGAP", "vỏ mỏng", "loại một", "trồng trên đồi", "chín cây"),
        ("Thùng carton 5 kg", "Hộp xốp 2 kg", "Giỏ tre 3 kg"), "kg", (25, 180)),
    "thuc-pham-tho-so-che": (
        ("Gạo", "Gạo nếp cái hoa vàng", "Gạo ST25", "Lạc đỏ", "Đậu xanh", "Hạt điều", "Mộc nhĩ", "Nấm hương",
         "Miến dong", "Mật ong", "Mật ong rừng", "Hạt sen", "Tiêu sọ"),
        ("hữu cơ", "sấy lạnh", "tách vỏ", "rang củi", "nguyên chất", "vụ mùa"),
        ("Túi hút chân không 1 kg", "Túi vải 5 kg", "Chai thủy tinh 500 ml", "Hũ nhựa 300 g"), "túi", (40, 420)),
    "thuc-pham-che-bien": (
        ("Giò chả", "Chả mực", "Bánh chưng", "Bánh tét", "Bánh pía", "Kẹo dừa", "Khô cá lóc", "Tôm khô",
         "Lạp xưởng", "Mứt gừng", "Bánh đa", "Nem chua", "Chả cá", "Bánh cáy", "Kẹo lạc", "Ruốc tôm",
         "Thịt trâu gác bếp", "Mắm tép", "Bánh phồng tôm", "Cốm", "Bánh gai"),
        ("gia truyền", "ít đường", "lá dứa", "nhân đậu xanh", "vị cay", "truyền thống", "loại đặc biệt"),
        ("Hộp giấy 500 g", "Túi hút chân không 250 g", "Hộp quà 1 kg", "Khay nhựa 400 g"), "hộp", (35, 350)),
    "gia-vi": (
        ("Nước mắm", "Tương ớt", "Muối tôm", "Tỏi cô đơn", "Hạt tiêu", "Mắm tôm", "Tương bần", "Sa tế",
         "Muối ớt xanh", "Quế", "Hoa hồi", "Muối hạt"),
        ("cá cơm", "nhĩ", "thượng hạng", "40 độ đạm", "tinh khiết", "ủ chượp"),
        ("Chai thủy tinh 500 ml", "Hũ thủy tinh 200 g", "Chai nhựa 1 lít", "Túi giấy 100 g"), "chai", (30, 250)),
    "che": (
        ("Chè", "Trà", "Chè Shan tuyết", "Trà hoa vàng", "Trà atisô", "Trà sen", "Trà túi lọc", "Chè búp",
         "Trà vối", "Chè móc câu"),
        ("cổ thụ", "tôm nõn", "đinh", "ướp hoa", "sao tay", "vụ xuân"),
        ("Hộp thiếc 100 g", "Túi zip 200 g", "Hộp gỗ 250 g", "Hộp giấy 25 túi lọc"), "hộp", (60, 900)),
    "ca-phe-ca-cao": (
        ("Cà phê", "Cà phê Robusta", "Cà phê Arabica", "Cà phê bột", "Ca cao", "Sô-cô-la", "Cà phê chồn",
         "Bột ca cao"),
        ("rang mộc", "chế biến ướt", "hái chín", "nguyên chất", "ủ men"),
        ("Túi van một chiều 500 g", "Hộp giấy 250 g", "Hũ thủy tinh 200 g"), "túi", (90, 650)),
    "do-uong-co-con": (
        ("Rượu", "Rượu nếp", "Rượu ngô", "Rượu sim", "Rượu mơ", "Rượu cần", "Rượu chuối hột",
         "Rượu đế", "Rượu táo mèo"),
        ("ủ ché", "men lá", "nút lá chuối", "ba năm tuổi", "ủ chum sành", "hạ thổ"),
        ("Chai thủy tinh 750 ml", "Bình gốm 2 lít", "Chai sành 500 ml"), "chai", (80, 900)),
    "do-uong-khong-con": (
        ("Nước ép", "Nước yến", "Nước uống đóng chai", "Sữa hạt", "Nước dừa", "Siro chanh dây", "Nước mía",
         "Nước cốt gừng", "Trà sữa gạo lứt"),
        ("nguyên chất", "ít đường", "lên men tự nhiên", "không chất bảo quản", "vị quất"),
        ("Chai thủy tinh 330 ml", "Lon nhôm 240 ml", "Chai nhựa 500 ml", "Thùng 24 chai"), "chai", (10, 320)),
    "duoc-lieu-so-che": (
        ("Ba kích", "Đinh lăng", "Sâm", "Nấm linh chi", "Hà thủ ô", "Giảo cổ lam", "Cà gai leo", "Atisô",
         "Sâm bố chính", "Khôi nhung"),
        ("tím", "đỏ", "sấy khô", "rừng", "ba năm tuổi", "thái lát"),
        ("Túi hút chân không 500 g", "Hộp giấy 200 g", "Túi zip 1 kg"), "kg", (150, 1800)),
    "thuc-pham-chuc-nang": (
        ("Viên nghệ mật ong", "Tinh bột nghệ", "Cao lá vằng", "Cao atisô", "Viên đông trùng hạ thảo",
         "Bột tảo xoắn", "Trà giảo cổ lam", "Cao đinh lăng"),
        ("đỏ", "nguyên chất", "hộp quà", "cô đặc", "sấy lạnh"),
        ("Hũ thủy tinh 200 g", "Hộp 60 viên", "Hộp giấy 20 gói"), "hộp", (120, 980)),
    "thuoc-duoc-lieu": (
        ("Cao xoa", "Dầu gió", "Thuốc nam", "Dầu nóng", "Cao dán", "Thuốc ngâm chân", "Dầu xoa bóp"),
        ("thảo mộc", "gia truyền", "xanh", "quế", "hồi"),
        ("Chai 30 ml", "Hộp 10 miếng", "Lọ thủy tinh 50 ml"), "lọ", (35, 260)),
    "my-pham": (
        ("Dầu gội bồ kết", "Xà phòng thảo dược", "Son dưỡng", "Sữa tắm", "Bột tắm thảo dược", "Kem nghệ",
         "Nước hoa hồng", "Dầu dừa"),
        ("thiên nhiên", "dịu nhẹ", "hương bưởi", "cho bé", "không hương liệu"),
        ("Chai 250 ml", "Hộp 100 g", "Lọ 30 ml"), "chai", (45, 380)),
    "tinh-dau-duoc-lieu-khac": (
        ("Tinh dầu", "Tinh dầu tràm", "Tinh dầu sả chanh", "Tinh dầu quế", "Tinh dầu bưởi", "Nến thơm",
         "Túi thơm thảo mộc", "Tinh dầu hồi"),
        ("nguyên chất", "chưng cất", "hữu cơ", "cho bé", "xông phòng"),
        ("Lọ thủy tinh 10 ml", "Chai 100 ml", "Hộp quà ba lọ"), "lọ", (55, 450)),
    "thu-cong-my-nghe-trang-tri": (
        ("Tranh thêu", "Tượng gỗ", "Tranh sơn mài", "Đèn lồng", "Tranh khảm trai", "Tranh gạo",
         "Tò he", "Quạt giấy", "Tranh vẽ kính"),
        ("phong cảnh", "hoa sen", "chữ thư pháp", "cỡ nhỏ", "khổ lớn", "truyền thống"),
        ("Hộp giấy cứng", "Khung gỗ 40 × 60 cm", "Hộp quà"), "chiếc", (120, 4800)),
    "do-go-may-tre": (
        ("Đèn mây tre", "Giỏ mây", "Bình gốm", "Bộ ấm chén", "Chiếu cói", "Khay tre", "Lục bình đan",
         "Hộp cói", "Thớt gỗ", "Đũa tre"),
        ("men rạn", "men lam", "làm thủ công", "cỡ nhỏ", "nhuộm màu tự nhiên", "hun khói"),
        ("Hộp carton", "Bọc giấy xi măng", "Túi vải"), "chiếc", (40, 1600)),
    "vai-may-mac": (
        ("Khăn lụa", "Thổ cẩm", "Áo dài lụa", "Khăn choàng", "Túi thổ cẩm", "Vải lanh", "Áo bà ba",
         "Khăn rằn"),
        ("tơ tằm", "nhuộm chàm", "dệt tay", "họa tiết hoa văn", "vẽ sáp ong"),
        ("Hộp giấy", "Túi vải", "Hộp gỗ"), "chiếc", (90, 2500)),
    "hoa": (
        ("Hoa lan", "Hoa đào", "Hoa cúc", "Hoa hồng", "Lan hồ điệp", "Hoa mai", "Hoa ly", "Hoa sen"),
        ("Nhật Tân", "đỏ", "vàng", "trắng", "chậu", "cắt cành"),
        ("Chậu sứ", "Bó 10 cành", "Chậu nhựa"), "chậu", (60, 1200)),
    "cay-canh": (
        ("Bonsai", "Cây cảnh", "Mai vàng", "Quất cảnh", "Cây thế", "Sen đá", "Sung cảnh", "Tùng la hán"),
        ("mini", "dáng trực", "dáng huyền", "để bàn", "ghép nhiều màu"),
        ("Chậu gốm", "Chậu xi măng", "Chậu sứ men lam"), "chậu", (150, 9000)),
    "dong-vat-canh": (
        ("Cá Koi", "Cá cảnh", "Cá bảy màu", "Cá chép Nhật", "Cá vàng", "Cá rồng"),
        ("thuần chủng", "vây dài", "lai tạo", "F1"),
        ("Túi oxy", "Bể kính nhỏ"), "con", (30, 3000)),
    "du-lich-cong-dong": (
        ("Homestay", "Du lịch cộng đồng", "Du lịch sinh thái", "Làng du lịch", "Trải nghiệm làm nông"),
        ("nhà sàn", "ven sông", "trên đồi chè", "miệt vườn", "dưới chân núi"),
        ("Tour một ngày", "Tour hai ngày một đêm", "Phòng đôi một đêm"), "người", (150, 1500)),
    "diem-du-lich": (
        ("Điểm du lịch", "Khu du lịch sinh thái", "Vườn trái cây", "Làng nghề", "Điểm tham quan"),
        ("ven biển", "rừng ngập mặn", "cánh đồng sen", "bên hồ", "suối khoáng"),
        ("Vé tham quan", "Vé trọn gói"), "vé", (30, 450)),
}
GENERIC_WORDS = (("Sản phẩm",), ("đặc trưng",), ("Hộp giấy",), "hộp", (50, 300))

OPENINGS = {
    "thuc-pham": (
        "{name} được làm từ nguyên liệu của nông dân {commune}, {province}.",
        "{name} là đặc sản nổi tiếng của vùng đất {commune}, {province}.",
        "Ở {commune}, nghề làm {word} đã có từ hàng trăm năm và được người dân gìn giữ qua nhiều thế hệ.",
    ),
    "do-uong": (
        "{name} được ủ theo công thức gia truyền của người dân {commune}, {province}.",
        "{name} là thức uống quen thuộc của người {province} trong những dịp lễ, Tết.",
    ),
    "duoc-lieu": (
        "{name} được làm từ dược liệu trồng dưới tán rừng ở {commune}, {province}.",
        "Dược liệu làm {word} được thu hái đúng mùa ở vùng núi {province}.",
    ),
    "thu-cong-my-nghe": (
        "{name} do các nghệ nhân ở {commune} làm hoàn toàn bằng tay.",
        "Mỗi sản phẩm {word} của làng nghề {commune} là một tác phẩm riêng, không cái nào giống cái nào.",
    ),
    "sinh-vat-canh": (
        "{name} được chăm sóc tại các nhà vườn ở {commune}, {province}.",
        "Nghề trồng {word} ở {commune} đã có từ thời ông bà, nay trở thành sinh kế chính của nhiều hộ.",
    ),
    "du-lich": (
        "{name} đưa du khách về với cuộc sống thường ngày của người dân {commune}, {province}.",
        "Ở {name}, du khách được ở nhà sàn, ăn cơm cùng chủ nhà và nghe kể chuyện bản làng.",
    ),
}
MIDDLES = {
    "thuc-pham": (
        "Nguyên liệu được tuyển chọn kỹ, sơ chế ngay trong ngày để giữ trọn hương vị.",
        "Sản phẩm được chế biến theo quy trình khép kín, **không dùng chất bảo quản**.",
        "Vị ngọt thanh, mùi thơm dịu và màu sắc tự nhiên là điểm khác biệt của sản phẩm.",
        "Mỗi mẻ chỉ làm với số lượng nhỏ nên chất lượng luôn đồng đều.",
        "Sản phẩm được đóng gói trong bao bì nhỏ gọn, tiện mang theo làm quà.",
    ),
    "do-uong": (
        "Men được làm từ lá rừng và gạo nếp, ủ trong chum sành từ ba đến sáu tháng.",
        "Sản phẩm có **hương thơm đặc trưng**, uống êm và không gây nhức đầu.",
        "Nước được lọc qua nhiều lớp, giữ nguyên vị tự nhiên của trái cây.",
    ),
    "duoc-lieu": (
        "Cây được trồng theo hướng hữu cơ, không phun thuốc trừ sâu.",
        "Sản phẩm đã được kiểm nghiệm, đạt **tiêu chuẩn an toàn vệ sinh thực phẩm**.",
        "Người dùng nên dùng đều đặn mỗi ngày theo hướng dẫn in trên bao bì.",
    ),
    "thu-cong-my-nghe": (
        "Nguyên liệu là tre, mây, cói và gỗ khai thác hợp pháp ở địa phương.",
        "Các công đoạn chẻ nan, đan, nhuộm và phơi đều làm thủ công, **không dùng hóa chất độc hại**.",
        "Họa tiết được vẽ theo mẫu cổ, giữ nét đẹp truyền thống của làng nghề.",
    ),
    "sinh-vat-canh": (
        "Cây được uốn tỉa công phu trong nhiều năm để có dáng thế đẹp.",
        "Nhà vườn hướng dẫn kỹ cách chăm sóc, **bảo hành cây trong ba tháng**.",
        "Sản phẩm phù hợp để trang trí nhà ở, văn phòng và làm quà tặng dịp Tết.",
    ),
    "du-lich": (
        "Du khách được tham gia cấy lúa, bắt cá, làm bánh và học dệt thổ cẩm.",
        "Mỗi tối, đội văn nghệ của bản biểu diễn múa xòe, hát then cho khách xem.",
        "Các món ăn dùng **rau, cá, thịt do bà con tự nuôi trồng**.",
    ),
}
CLOSINGS = (
    "Sản phẩm đã có mặt tại nhiều siêu thị, cửa hàng đặc sản ở Hà Nội và Thành phố Hồ Chí Minh.",
    "Nguồn gốc rõ ràng, có tem truy xuất nguồn gốc trên từng sản phẩm.",
    "Tỷ lệ khách quay lại mua năm sau luôn ở mức cao, nhất là dịp cuối năm.",
    "Chủ thể khẳng định sẽ tiếp tục cải tiến mẫu mã và sẵn sàng đón các đơn hàng lớn.",
    "Sản phẩm được khách hàng trong và ngoài tỉnh tin dùng, **đặc biệt là dịp Tết**.",
    "Mỗi năm, cơ sở giữ vững sản lượng nhờ liên kết với hàng chục hộ trồng nguyên liệu.",
    "Sau khi chứng nhận, sản phẩm được bán trên các sàn thương mại điện tử và được người mua khen nhẹ nhàng, dễ dùng.",
    "Vẻ đẹp mộc mạc của sản phẩm gợi nhớ hình ảnh quê hương, dù ở đâu cũng thấy gần gũi.",
    "Ai đã dùng một lần cũng nhớ mãi, kể cả những người trẻ khó tính nhất.",
    "Cơ sở nhận làm theo định kỳ cho các khách sạn, nhà hàng và cửa hàng quà lưu niệm.",
)
TRADE_NAMES = (
    "Thành Phát", "Hưng Thịnh", "An Khang", "Phúc Lộc", "Đại Việt", "Tâm Đức", "Minh Châu", "Sao Mai", "Bảo Ngọc",
    "Quê Hương", "Hồng Phúc", "Việt Xanh", "Kỳ Anh", "Nguyên Khôi", "Hải Đăng", "Tự Nhiên", "Mỹ Lộc", "Vĩnh Tiến",
    "Thủy Tiên", "Xuân Mai", "Ngọc Ẩn", "Gia Bảo", "Trường Sơn", "Ánh Dương", "Lũy Tre", "Sông Hậu", "Nắng Vàng",
)
FAMILY_NAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Lò", "Hà", "Triệu", "Mạc", "Lương",
)
MIDDLE_NAMES = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Xuân", "Quốc", "Thùy", "Mỹ")
GIVEN_NAMES = (
    "An", "Bình", "Cường", "Dũng", "Hạnh", "Hương", "Khải", "Lộc", "Mỵ", "Kỳ", "Nguyệt", "Phúc", "Quý", "Sỹ",
    "Thủy", "Tuấn", "Uyên", "Vĩnh", "Yến", "Hiếu", "Trọng", "Lũy", "Thắng", "Giang", "Oanh", "Ẩn",
)
STREETS = (
    "Hùng Vương", "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
    "Điện Biên Phủ", "Nguyễn Trãi", "Võ Thị Sáu", "Lê Duẩn", "Phạm Ngũ Lão",
)
HAMLET_NAMES = ("Tân Long", "Phú Hòa", "Bình Thạnh", "Mỹ Lợi", "Vĩnh Hưng", "Hòa Lộc", "Tân Hiệp", "Long Mỹ")
VILLAGE_NAMES = ("Nà Phạ", "Pác Ngòi", "Nà Lừa", "Khuổi Ký", "Lũng Cú", "Nậm Đét", "Bó Củng")
TAGS = {
    "thuc-pham": ("đặc sản", "quà biếu", "nông sản sạch"),
    "do-uong": ("đồ uống", "quà biếu"),
    "duoc-lieu": ("dược liệu", "sức khỏe", "thảo mộc"),
    "thu-cong-my-nghe": ("làng nghề", "thủ công", "quà lưu niệm"),
    "sinh-vat-canh": ("cây cảnh", "trang trí"),
    "du-lich": ("du lịch", "trải nghiệm"),
}
EVENT_KINDS = {"fair": 40, "exhibition": 15, "trade-week": 20, "conference": 10, "online-fair": 15}
EVENT_TITLES = {
    "fair": "Hội chợ sản phẩm OCOP {where} năm {year}",
    "exhibition": "Triển lãm đặc sản vùng miền và sản phẩm OCOP {where} năm {year}",
    "trade-week": "Tuần hàng sản phẩm OCOP {where} năm {year}",
    "conference": "Hội nghị kết nối cung cầu sản phẩm OCOP {where} năm {year}",
    "online-fair": "Hội chợ OCOP trực tuyến {season} năm {year}",
}
SEASONS = ("mùa xuân", "mùa hè", "mùa thu", "cuối năm")
SHOWROOM_PLACES = (
    ("station", "tại Bến xe trung tâm"), ("airport", "tại Cảng hàng không"), ("highway-rest-stop", "tại Trạm dừng nghỉ"),
    ("mall-market", "tại Chợ trung tâm"), ("tourist-site", "tại Khu du lịch"), ("craft-village", "tại Làng nghề"),
    ("fair-centre", "tại Trung tâm Hội chợ Triển lãm"), ("post-office", "tại Bưu điện"), ("other", ""),
)

def lower_first(name: str) -> str:
    """"Tỉnh Cà Mau" -> "tỉnh Cà Mau": administrative names inside a sentence."""
    return name[:1].lower() + name[1:]


@dataclass(frozen=True)
class Summary:
    products: int
    producers: int
    events: int
    showrooms: int
    images: int


@dataclass
class _Place:
    """A province with its communes, weight and issuers (built once per run)."""

    province: Province
    communes: list[Commune]
    weight: float
    old_issuers: dict[str, tuple[str, str]] = field(default_factory=dict)  # commune code -> (district, old province)


@dataclass
class _Producer:
    id: str
    commune: Commune
    name: str


# -- places --------------------------------------------------------------


def _places() -> list[_Place]:
    """Today's provinces with their communes (ordered by code) and the former units that certified there."""
    reg = registry()
    communes: dict[str, list[Commune]] = {}
    for commune in reg.communes():
        communes.setdefault(commune.province_code, []).append(commune)
    former = {code: (lower_first(district), lower_first(province))
              for code, (district, province) in reg.former_units().items()}
    places = []
    for province in reg.provinces.values():
        own = communes.get(province.code, [])
        weight = PROVINCE_WEIGHTS.get(province.short, len(own) / 20)
        place = _Place(province, own, weight)
        for commune in own:
            if commune.code in former:
                place.old_issuers[commune.code] = former[commune.code]
        places.append(place)
    return places


# -- the generator -------------------------------------------------------


class _Synth:
    def __init__(self, root: Path, count: int, seed: int, image_share: float, today: dt.date):
        self.root = root
        self.catalog = str(root / "catalog")
        self.count = count
        self.seed = seed
        self.image_share = image_share
        self.today = today
        self.rng = random.Random(seed)
        self.rules = rule_set(DEFAULT_RULES)
        self.places = _places()
        self.place_weights = _cumulative([p.weight for p in self.places])
        self.group_weights = _cumulative([GROUP_WEIGHTS.get(g.code, 1) for g in self.rules.groups])
        self.subgroup_weights = {g.code: _cumulative([SUBGROUP_WEIGHTS.get(s.code, 1) for s in g.subgroups])
                                 for g in self.rules.groups}
        self.product_slugs: set[str] = set()
        self.producer_slugs: set[str] = set()
        self.producers: dict[tuple[str, str], list[_Producer]] = {}
        self.producer_count = 0
        self.ids: list[str] = []  # per product, for events and showrooms
        self.place_of: list[int] = []
        self.producer_of: list[str] = []
        self.image_jobs: list[tuple[str, str]] = []
        self.image_count = 0
        self.pool: ProcessPoolExecutor | None = None
        self.pending: list[Future] = []
        self.writer: _Writer | None = None

    # -- orchestration ---------------------------------------------------
    def run(self) -> Summary:
        for folder in ("products", "producers", "images", "events", "showrooms"):
            (self.root / "catalog" / folder).mkdir(parents=True, exist_ok=True)
        if self.image_share:
            self.pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1)
            # The first task starts every worker: under "fork" they must start before the writer thread.
            self.pending.append(self.pool.submit(draw_images, []))
        self.writer = _Writer()
        try:
            stars = self._star_plan()
            firsts = self._first_places(), self._first_subgroups()
            for i in range(self.count):
                self._product(i, stars[i], *firsts)
            self._flush_images(force=True)
            events = self._events()
            showrooms = self._showrooms()
            for future in self.pending:
                future.result()
        finally:
            self.writer.close()
            if self.pool is not None:
                self.pool.shutdown()
        return Summary(self.count, self.producer_count, events, showrooms, self.image_count)

    def _write(self, folder: str, ident: str, text: str) -> None:
        # Plain string paths: pathlib's overhead shows at 20,000 files.
        self.writer.write(f"{self.catalog}/{folder}/{ident}.yaml", text.encode("utf-8"))

    def _star_plan(self) -> list[int]:
        """Exact quotas, shuffled: every star level present as soon as N allows."""
        n5 = max(1, round(self.count * STAR_SHARES[5])) if self.count >= 3 else 0
        n4 = max(1, round(self.count * STAR_SHARES[4])) if self.count >= 2 else 0
        plan = [5] * n5 + [4] * n4 + [3] * (self.count - n4 - n5)
        self.rng.shuffle(plan)
        return plan

    def _first_places(self) -> list[int]:
        """The first products visit every province once, so every province appears when N >= 34."""
        order = list(range(len(self.places)))
        self.rng.shuffle(order)
        return order

    def _first_subgroups(self) -> list[tuple[Group, Subgroup]]:
        pairs = [(g, s) for g in self.rules.groups for s in g.subgroups]
        self.rng.shuffle(pairs)
        return pairs

    # -- products --------------------------------------------------------
    def _product(self, i: int, stars: int, first_places: list[int], first_subgroups: list) -> None:
        rng = self.rng
        p_index = first_places[i] if i < len(first_places) else _pick(rng, self.place_weights)
        place = self.places[p_index]
        group, subgroup = first_subgroups[i] if i < len(first_subgroups) else self._subgroup()
        words, varieties, packagings, unit, prices = PRODUCT_WORDS.get(subgroup.code, GENERIC_WORDS)
        word = rng.choice(words)
        producer = None
        if rng.random() >= NO_PRODUCER_SHARE:
            producer = self._producer_for(i, place, group, word)
        commune = producer.commune if producer else rng.choice(place.communes)
        name, ident = self._unique_name(word, varieties, commune, place.province)
        text = self._product_text(ident, name, word, group, subgroup, stars, place, commune, producer,
                                  packagings, unit, prices)
        self._write("products", ident, text)
        self.ids.append(ident)
        self.place_of.append(p_index)
        self.producer_of.append(producer.id if producer else "")

    def _subgroup(self) -> tuple[Group, Subgroup]:
        group = self.rules.groups[_pick(self.rng, self.group_weights)]
        return group, group.subgroups[_pick(self.rng, self.subgroup_weights[group.code])]

    def _unique_name(self, word: str, varieties: tuple[str, ...], commune: Commune, province: Province) -> tuple[str, str]:
        """(name, id) no other product has (compared as slugs, as the loader compares ids)."""
        rng = self.rng
        for attempt in range(6):
            parts = [word]
            if rng.random() < 0.55 or attempt >= 2:
                parts.append(rng.choice(varieties))
            parts.append(commune.short if rng.random() < 0.75 or attempt >= 3 else province.short)
            name = " ".join(parts)
            slug = slugify(name)
            if slug not in self.product_slugs:
                break
        else:
            base, k = name, 2
            while slug in self.product_slugs:
                name, k = f"{base} loại {k}", k + 1
                slug = slugify(name)
        self.product_slugs.add(slug)
        return name, slug

    def _product_text(self, ident, name, word, group, subgroup, stars, place, commune, producer,
                      packagings, unit, prices) -> str:
        rng = self.rng
        province = place.province
        lines = [
            f"id: {ident}",
            f"name: {scalar(name)}",
            f"group: {group.code}",
            f"subgroup: {subgroup.code}",
            f"stars: {stars}" if rng.random() < 0.9 else f"stars: {stars} sao",
            "certificate:",
            *self._certificate(stars, place, commune),
        ]
        if producer:
            lines.append(f"producer: {producer.id}")
        lines += [
            f"province: {scalar(province.short)}",
            f"address: {scalar(self._street(commune, province) + ', ' + commune.name + ', ' + province.name)}",
            "description: |",
            *("  " + s for s in self._description(name, word, group, commune, province, producer)),
        ]
        if self.image_share and rng.random() < self.image_share:
            lines += ["images:", f"  - file: images/{ident}.jpg", f"    alt: {scalar(name)}"]
            self._add_image(ident)
        lines.append(f"packaging: {scalar(rng.choice(packagings))}")
        if rng.random() < 0.8:
            price = rng.randint(*prices) * 1000
            lines.append(f"price: {price:,} đ/{unit}".replace(",", "."))
        if rng.random() < 0.5:
            lines += ["contact:", f"  phone: {_mobile(rng)}"]
        tags = (word.lower(), rng.choice(TAGS.get(group.code, ("OCOP",))))
        lines += ["tags:", *(f"  - {scalar(t)}" for t in tags)]
        return "\n".join(lines) + "\n"

    def _certificate(self, stars: int, place: _Place, commune: Commune) -> list[str]:
        """Number, date and issuer consistent with the level that certifies ``stars``."""
        rng = self.rng
        level = self.rules.certifying_level.get(stars, "province")
        start = self.today.replace(year=self.today.year - YEARS_BACK) if not _leap_day(self.today) \
            else self.today - dt.timedelta(days=365 * YEARS_BACK)
        end = min(self.today, DISTRICT_LEVEL_ENDS) if level == "district" else self.today
        if end <= start:
            end = self.today
        # Denser towards the build day: the programme certifies more products every year.
        span = (end - start).days
        signed = start + dt.timedelta(days=min(span, int(rng.triangular(0, span + 1, span + 1))))
        district, old_province = place.old_issuers.get(commune.code) or _any_issuer(place)
        number = rng.randint(100, 4999)
        if level == "district":
            number, issuer = f"{number}/QĐ-UBND", f"Ủy ban nhân dân {district}"
        elif level == "province":
            where = old_province if signed <= DISTRICT_LEVEL_ENDS else lower_first(place.province.name)
            number, issuer = f"{number}/QĐ-UBND", f"Ủy ban nhân dân {where}"
        elif signed < MINISTRY_RENAMED:
            number, issuer = f"{number}/QĐ-BNN-VPĐP", "Bộ Nông nghiệp và Phát triển nông thôn"
        else:
            number, issuer = f"{number}/QĐ-BNNMT", "Bộ Nông nghiệp và Môi trường"
        date = f"{signed:%d/%m/%Y}" if rng.random() < 0.2 else signed.isoformat()
        return [f"  number: {scalar(number)}", f"  date: {date}", f"  issuer: {scalar(issuer)}",
                f"  level: {level}"]

    def _street(self, commune: Commune, province: Province) -> str:
        rng = self.rng
        if commune.kind == "Phường":
            if rng.random() < 0.5:
                return f"Số {rng.randint(1, 250)} đường {rng.choice(STREETS)}"
            return f"Tổ dân phố {rng.randint(1, 30)}"
        code = int(province.code)
        if code >= 75:  # the South names hamlets "ấp"
            return f"Ấp {rng.choice(HAMLET_NAMES)}"
        if code <= 20 and rng.random() < 0.5:  # northern mountains: villages are "bản"
            return f"Bản {rng.choice(VILLAGE_NAMES)}"
        return f"{rng.choice(('Thôn', 'Xóm'))} {rng.randint(1, 15)}"

    def _description(self, name, word, group, commune, province, producer) -> list[str]:
        """2 to 4 sentences, one a line (the Markdown reads as one paragraph)."""
        rng = self.rng
        values = {"name": name, "word": word.lower(), "commune": commune.short, "province": province.short}
        sentences = [rng.choice(OPENINGS.get(group.code, OPENINGS["thuc-pham"])).format(**values)]
        middles = MIDDLES.get(group.code, MIDDLES["thuc-pham"])
        extra = rng.randint(1, 3)
        sentences += rng.sample(middles, min(extra, len(middles)))
        if len(sentences) < 4 and rng.random() < 0.6:
            closing = rng.choice(CLOSINGS)
            if producer and rng.random() < 0.3:
                closing = f"Sản phẩm do {producer.name} sản xuất và phân phối."
            sentences.append(closing)
        return sentences[:4]

    # -- producers -------------------------------------------------------
    def _producer_for(self, i: int, place: _Place, group: Group, word: str) -> _Producer:
        """Reuse a producer of the same province and group once there are about N/2 of them."""
        pool = self.producers.setdefault((place.province.code, group.code), [])
        if pool and self.producer_count >= (i + 1) / PRODUCTS_PER_PRODUCER:
            return self.rng.choice(pool)
        producer = self._new_producer(place, word)
        pool.append(producer)
        return producer

    def _new_producer(self, place: _Place, word: str) -> _Producer:
        rng = self.rng
        commune = rng.choice(place.communes)
        kind = _choose(rng, PRODUCER_KINDS)
        person = _person(rng)
        name = self._producer_name(kind, word, commune, person)
        slug = slugify(name)
        if slug in self.producer_slugs and not name.endswith(commune.short):
            name = f"{name} {commune.short}"  # a household named after a person met elsewhere
            slug = slugify(name)
        base, k = name, 2
        while slug in self.producer_slugs:
            name, k = f"{base} {k}", k + 1
            slug = slugify(name)
        self.producer_slugs.add(slug)
        province = place.province
        lines = [
            f"id: {slug}",
            f"name: {scalar(name)}",
            f"kind: {kind}",
            f"province: {scalar(province.short)}",
            f"address: {scalar(self._street(commune, province) + ', ' + commune.name + ', ' + province.name)}",
            f"representative: {scalar(person)}",
            f"phone: {_mobile(rng)}",
        ]
        if rng.random() < 0.5:
            lines.append(f"email: {slug.replace('-', '')[:24]}@example.vn")
        if kind == "enterprise" and rng.random() < 0.5:
            lines.append(f"website: https://{slug[:30].strip('-')}.example.vn")
        if rng.random() < 0.4:
            lines += ["description: |", f"  {name} làm {word.lower()} ở {lower_first(commune.name)}, {lower_first(province.name)}.",
                      f"  Chủ thể liên kết với {rng.randint(5, 120)} hộ dân trong vùng nguyên liệu."]
        self._write("producers", slug, "\n".join(lines) + "\n")
        self.producer_count += 1
        return _Producer(slug, commune, name)

    def _producer_name(self, kind: str, word: str, commune: Commune, person: str) -> str:
        rng = self.rng
        if kind == "cooperative":
            return f"Hợp tác xã {word} {commune.short}"
        if kind == "cooperative-group":
            return f"Tổ hợp tác {word} {commune.short}"
        if kind == "enterprise":
            form = rng.choice(("Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân"))
            return f"{form} {rng.choice(TRADE_NAMES)} {commune.short}"
        if rng.random() < 0.5:
            return f"Hộ kinh doanh {person}"
        return f"Cơ sở {word} {person.split()[-1]} {commune.short}"

    # -- images ----------------------------------------------------------
    def _add_image(self, ident: str) -> None:
        self.image_jobs.append((f"{self.catalog}/images/{ident}.jpg", f"{self.seed}:{ident}"))
        self.image_count += 1
        self._flush_images()

    def _flush_images(self, force: bool = False) -> None:
        """Hand images to worker processes by chunks, so they are drawn while records are composed."""
        if not self.image_jobs or (len(self.image_jobs) < IMAGE_CHUNK and not force):
            return
        jobs, self.image_jobs = self.image_jobs, []
        self.pending.append(self.pool.submit(draw_images, jobs))

    # -- events and showrooms -------------------------------------------
    def _events(self) -> int:
        count = max(3, round(self.count / 500))
        slugs: set[str] = set()
        for n in range(count):
            text, slug = self._event(n, slugs)
            self._write("events", slug, text)
        return count

    def _event(self, n: int, slugs: set[str]) -> tuple[str, str]:
        rng = self.rng
        kind = "fair" if n == 0 else _choose(rng, EVENT_KINDS)
        p_index = _pick(rng, self.place_weights)
        place = self.places[p_index]
        # The first event is on during the build day; the others spread over the last 18 months and the next 8.
        start = self.today - dt.timedelta(days=2) if n == 0 else self.today + dt.timedelta(days=rng.randint(-540, 240))
        end = start + dt.timedelta(days=0 if kind == "conference" else rng.randint(2, 6))
        where = lower_first(place.province.name)
        name = EVENT_TITLES[kind].format(where=where, year=start.year, season=rng.choice(SEASONS))
        slug = _unique(slugify(name), slugs)
        lines = [f"id: {slug}", f"name: {scalar(name)}", f"kind: {kind}",
                 f"start: {start.isoformat()} {rng.choice(('08:00', '08:30', '14:00'))}", f"end: {end.isoformat()}"]
        if kind == "online-fair":
            lines.append(f"url: https://hoichotructuyen.example.vn/{slug}")
        else:
            commune = rng.choice(place.communes)
            lines += [f"venue: {scalar('Trung tâm Hội chợ Triển lãm ' + where)}",
                      f"address: {scalar(commune.name + ', ' + place.province.name)}",
                      f"province: {scalar(place.province.short)}"]
        lines += [f"organizer: {scalar('Sở Công Thương ' + where)}",
                  "contact:", f"  phone: {_landline(rng)}", "  email: xttm@example.vn",
                  "registration:", "  url: https://xttm.example.vn/dang-ky",
                  f"  deadline: {(start - dt.timedelta(days=10)).isoformat()}",
                  "description: |",
                  f"  Sự kiện giới thiệu sản phẩm OCOP của {where} và các tỉnh bạn, với **{rng.randint(60, 300)} gian hàng**.",
                  "  Khách tham quan được nếm thử đặc sản, gặp trực tiếp chủ thể và đặt hàng ngay tại gian.",
                  "products:"]
        chosen = self._sample_products(p_index, rng.randint(12, 40))
        for k, index in enumerate(chosen):
            booth = f"{'ABCDEFGH'[k // 12 % 8]}{k % 12 + 1:02d}"
            lines += [f"  - id: {self.ids[index]}", f"    booth: {booth}"]
        makers = sorted({self.producer_of[i] for i in chosen[:8] if self.producer_of[i]})
        if makers:
            lines += ["producers:", *(f"  - {m}" for m in makers)]
        return "\n".join(lines) + "\n", slug

    def _showrooms(self) -> int:
        count = max(2, round(self.count / 1000))
        slugs: set[str] = set()
        for n in range(count):
            text, slug = self._showroom(slugs)
            self._write("showrooms", slug, text)
        return count

    def _showroom(self, slugs: set[str]) -> tuple[str, str]:
        rng = self.rng
        p_index = _pick(rng, self.place_weights)
        place = self.places[p_index]
        commune = rng.choice(place.communes)
        kind, where = rng.choice(SHOWROOM_PLACES)
        name = " ".join(w for w in ("Điểm giới thiệu và bán sản phẩm OCOP", where, commune.short) if w)
        slug = _unique(slugify(name), slugs)
        lines = [
            f"id: {slug}", f"name: {scalar(name)}", f"kind: {kind}",
            f"address: {scalar(f'Số {rng.randint(1, 200)} đường {rng.choice(STREETS)}, {commune.name}, {place.province.name}')}",
            f"province: {scalar(place.province.short)}",
        ]
        if 6 <= commune.latitude <= 24 and 102 <= commune.longitude <= 118:
            lines += [f"latitude: {commune.latitude:.4f}", f"longitude: {commune.longitude:.4f}"]
        lines += [f"hours: {scalar('7:00 – 21:00 hằng ngày')}", f"phone: {_landline(rng)}",
                  f"operator: {scalar('Trung tâm Xúc tiến Thương mại ' + lower_first(place.province.name))}"]
        chosen = self._sample_products(p_index, rng.randint(15, 60))
        lines += ["products:", *(f"  - {self.ids[i]}" for i in chosen),
                  "description: |", "  Điểm bán trưng bày đặc sản OCOP của tỉnh và nhận gửi quà đi mọi miền."]
        return "\n".join(lines) + "\n", slug

    def _sample_products(self, p_index: int, k: int) -> list[int]:
        """About two thirds from the host province, the rest from anywhere; no product twice."""
        rng = self.rng
        local = [i for i, p in enumerate(self.place_of) if p == p_index]
        chosen = rng.sample(local, min(len(local), k * 2 // 3))
        taken = set(chosen)
        for index in rng.sample(range(self.count), min(self.count, k)):
            if len(chosen) >= k:
                break
            if index not in taken:
                chosen.append(index)
                taken.add(index)
        return chosen


class _Writer:
    """Writes files on a background thread.

    Creating a file is mostly kernel time, during which the thread releases the GIL, so
    the records are composed while earlier ones are being written. The queue is bounded
    to keep memory flat.
    """

    def __init__(self, backlog: int = 1024):
        self.queue: queue.Queue = queue.Queue(maxsize=backlog)
        self.error: OSError | None = None
        self.thread = threading.Thread(target=self._loop, name="ocop-synth-writer", daemon=True)
        self.thread.start()

    def write(self, path: str, data: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((path, data))

    def _loop(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None:
                try:
                    with open(item[0], "wb") as out:
                        out.write(item[1])
                except OSError as exc:
                    self.error = exc

    def close(self) -> None:
        """Wait for every queued file; raise the first error met."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


# -- small helpers -------------------------------------------------------


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    """Index drawn with the weights whose running totals are ``cumulative``."""
    return min(bisect_right(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


def _choose(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return keys[_pick(rng, _cumulative([weights[k] for k in keys]))]


def _unique(slug: str, seen: set[str]) -> str:
    base, k = slug, 2
    while slug in seen:
        slug, k = f"{base}-{k}", k + 1
    seen.add(slug)
    return slug


def _leap_day(day: dt.date) -> bool:
    return day.month == 2 and day.day == 29


def _any_issuer(place: _Place) -> tuple[str, str]:
    """A former district of the province, for the few communes the conversion tables miss."""
    if place.old_issuers:
        return place.old_issuers[min(place.old_issuers)]
    name = lower_first(place.province.name)
    return name, name


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"


def _mobile(rng: random.Random) -> str:
    return f"0{rng.choice((9, 8, 3))}{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _landline(rng: random.Random) -> str:
    return f"02{rng.randint(10, 99)} {rng.randint(3000, 3999)} {rng.randint(100, 999)}"


# -- images --------------------------------------------------------------


def draw_images(jobs: list[tuple[str, str]]) -> None:
    """Draw one JPEG per (path, seed text): a gradient and a few shapes, the same bytes for the same seed."""
    from PIL import ImageDraw

    width, height = IMAGE_SIZE
    masks = _masks() if jobs else ()
    for path, seed_text in jobs:
        rng = random.Random(seed_text)
        low, high = _colour(rng), _colour(rng)
        # A gradient from ``low`` to ``high``: a lookup table per channel, twice as fast as compositing.
        table = [a + (b - a) * v // 255 for a, b in zip(low, high) for v in range(256)]
        img = rng.choice(masks).point(table)
        draw = ImageDraw.Draw(img)
        for _ in range(rng.randint(3, 7)):
            x, y = rng.randrange(-100, width), rng.randrange(-100, height)
            w, h = rng.randint(60, 360), rng.randint(60, 300)
            shape, colour = rng.randrange(3), _colour(rng)
            if shape == 0:
                draw.ellipse((x, y, x + w, y + h), fill=colour)
            elif shape == 1:
                draw.rectangle((x, y, x + w, y + h), fill=colour)
            else:
                draw.polygon(((x, y + h), (x + w // 2, y), (x + w, y + h)), fill=colour)
        img.save(path, "JPEG", quality=82)


@cache
def _masks() -> tuple:
    """Grey gradients (vertical, horizontal, radial) as RGB, made once per worker."""
    from PIL import Image

    grey = (Image.linear_gradient("L"), Image.linear_gradient("L").rotate(90), Image.radial_gradient("L"))
    return tuple(Image.merge("RGB", (g.resize(IMAGE_SIZE),) * 3) for g in grey)


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return rng.randrange(256), rng.randrange(256), rng.randrange(256)


# -- the site ------------------------------------------------------------


def _configure(root: Path, today: dt.date) -> None:
    """Pin ``build_date`` and set ``site_url`` in the scaffold's mkdocs.yml."""
    path = root / "mkdocs.yml"
    text = path.read_text("utf-8")
    text, pinned = re.subn(r"(?m)^([ \t]*)# build_date:.*$", rf"\g<1>build_date: {today.isoformat()}", text, count=1)
    if not pinned:
        text, pinned = re.subn(r"(?m)^([ \t]*)groups:(.*)$", rf"\g<0>\n\g<1>build_date: {today.isoformat()}", text, count=1)
    if not pinned:
        raise RuntimeError("the site skeleton's mkdocs.yml has no ocop plugin options to pin build_date in")
    if not re.search(r"(?m)^site_url:", text):
        text = re.sub(r"(?m)^(site_name:.*)$", rf"\g<1>\nsite_url: {SITE_URL}", text, count=1)
    path.write_bytes(text.encode("utf-8"))


def synthesize(target: Path, products: int, seed: int = 1, images: float = 0.1,
               today: dt.date = BUILD_DATE) -> Summary:
    """Write a synthetic national site into ``target`` (missing or empty); FileExistsError otherwise."""
    if products < 1:
        raise ValueError("--products must be at least 1")
    if not 0 <= images <= 1:
        raise ValueError("--images must be a share between 0 and 1")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} already exists and is not empty")
    scaffold.create(target, name=SITE_NAME)
    _configure(target, today)
    return _Synth(target, products, seed, images, today).run()
