"""Generate the illustrative demo images of catalog/images/.

The demo catalog must not ship real photographs (rights, and the products are
invented), so every product image is a simple drawing: a gradient background in
the colour of the product's group and one shape for the kind of product (a
bottle, a jar, a leaf, a basket, a flower, a house...). No text is drawn, so no
font is needed.

The output is deterministic: the same run gives the same bytes (fixed seeds, no
timestamps, no randomness outside ``random.Random(name)``). Two files carry EXIF
on purpose, to exercise the site's image pipeline:

* ``ruou-ngo-bac-ha.jpg``: Orientation = 6; stored landscape, shown portrait;
* ``du-lich-cong-dong-ta-van.jpg``: a GPSInfo block, which the site must strip.

Run from the repository root:  python tools/make_demo_images.py
"""

from __future__ import annotations

import io
import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "catalog" / "images"
MAX_BYTES = 24_000  # each file stays under 25 KB

# Background (top, bottom) and accent colours of each product group.
GROUPS = {
    "thuc-pham": ((252, 226, 178), (222, 140, 72), (150, 70, 30)),
    "do-uong": ((206, 236, 238), (62, 140, 160), (30, 70, 100)),
    "duoc-lieu": ((222, 242, 206), (96, 160, 92), (40, 96, 50)),
    "thu-cong-my-nghe": ((244, 226, 206), (170, 110, 72), (110, 60, 36)),
    "sinh-vat-canh": ((250, 224, 236), (196, 110, 160), (120, 50, 100)),
    "du-lich": ((204, 228, 250), (110, 170, 120), (50, 100, 70)),
}

L, P, W, S = (1000, 750), (750, 1000), (1280, 800), (900, 900)  # landscape, portrait, wide, square
BL, BP, BW = (1200, 900), (900, 1200), (1600, 1000)  # a few larger ones

# file, group, shape, size
IMAGES = [
    ("nuoc-mam-dam-doi.jpg", "thuc-pham", "bottle", BL),
    ("nuoc-mam-dam-doi-2.jpg", "thuc-pham", "bottle", P),
    ("tom-kho-dam-doi.jpg", "thuc-pham", "packet", L),
    ("mat-ong-rung-u-minh-ha.jpg", "thuc-pham", "jar", L),
    ("banh-phong-tom-gia-rai.jpg", "thuc-pham", "packet", W),
    ("muoi-hat-dong-hai.jpg", "thuc-pham", "jar", L),
    ("dua-sap-cau-ke.jpg", "thuc-pham", "fruit", L),
    ("keo-dua-sau-rieng.jpg", "thuc-pham", "packet", L),
    ("banh-tet-la-cam-phu-can.jpg", "thuc-pham", "leaf", L),
    ("hat-sen-say-thap-muoi.jpg", "thuc-pham", "jar", P),
    ("mam-tom-cha-go-cong.jpg", "thuc-pham", "jar", L),
    ("hu-tieu-my-tho.jpg", "thuc-pham", "packet", W),
    ("mam-thai-chau-doc.jpg", "thuc-pham", "jar", L),
    ("mam-thai-chau-doc-2.jpg", "thuc-pham", "bowl", L),
    ("mam-thai-chau-doc-3.jpg", "thuc-pham", "jar", P),
    ("mam-ca-linh-chau-doc.jpg", "thuc-pham", "jar", L),
    ("duong-thot-not-tri-ton.jpg", "thuc-pham", "jar", L),
    ("nuoc-mam-phu-quoc.jpg", "thuc-pham", "bottle", BP),
    ("nuoc-mam-phu-quoc-2.jpg", "thuc-pham", "bottle", L),
    ("nuoc-mam-phu-quoc-3.jpg", "thuc-pham", "house", BW),
    ("banh-pia-sau-rieng.jpg", "thuc-pham", "packet", L),
    ("ca-phe-arabica-cau-dat.jpg", "thuc-pham", "packet", BP),
    ("tra-o-long-bao-loc.jpg", "thuc-pham", "leaf", L),
    ("bot-ca-cao-nam-n-jang.jpg", "thuc-pham", "packet", L),
    ("so-co-la-den-truong-xuan.jpg", "thuc-pham", "packet", W),
    ("ca-phe-robusta-buon-ma-thuot.jpg", "thuc-pham", "packet", L),
    ("che-shan-tuyet-ta-xua.jpg", "thuc-pham", "leaf", P),
    ("che-shan-tuyet-suoi-giang.jpg", "thuc-pham", "leaf", L),
    ("che-tan-cuong-tom-non.jpg", "thuc-pham", "leaf", BL),
    ("che-tan-cuong-tom-non-2.jpg", "thuc-pham", "cup", L),
    ("che-moc-cau-tan-cuong.jpg", "thuc-pham", "leaf", S),
    ("me-xung-hue.jpg", "thuc-pham", "packet", L),
    ("cha-muc-ha-long.jpg", "thuc-pham", "bowl", L),
    ("cha-muc-ha-long-2.jpg", "thuc-pham", "packet", W),
    ("nhut-thanh-chuong.jpg", "thuc-pham", "jar", L),
    ("nem-chua-thanh-hoa.jpg", "thuc-pham", "leaf", L),
    ("cam-sanh-ham-yen.jpg", "thuc-pham", "fruit", L),
    ("nuoc-thot-not-tri-ton.jpg", "do-uong", "bottle", P),
    ("ruou-sim-phu-quoc.jpg", "do-uong", "bottle", P),
    ("ruou-nep-than-phong-dien.jpg", "do-uong", "bottle", L),
    ("tra-mang-cau-hoa-an.jpg", "do-uong", "cup", L),
    ("ruou-ngo-bac-ha.jpg", "do-uong", "bottle", P),  # stored rotated, Orientation = 6
    ("ruou-ba-kich-ba-che.jpg", "do-uong", "bottle", P),
    ("ruou-nep-nhon-loc.jpg", "do-uong", "bottle", L),
    ("tinh-dau-tram-u-minh.jpg", "duoc-lieu", "bottle", L),
    ("dau-dua-tinh-khiet.jpg", "duoc-lieu", "bottle", P),
    ("tinh-dau-que-van-yen.jpg", "duoc-lieu", "bottle", L),
    ("tra-hoa-vang-ba-che.jpg", "duoc-lieu", "flower", L),
    ("sam-ngoc-linh-mat-ong.jpg", "duoc-lieu", "jar", P),
    ("chau-gom-do-nhon-phu.jpg", "thu-cong-my-nghe", "vase", L),
    ("tui-tho-cam-muong-chanh.png", "thu-cong-my-nghe", "fabric", S),
    ("binh-gom-men-ran-bat-trang.jpg", "thu-cong-my-nghe", "vase", BP),
    ("binh-gom-men-ran-bat-trang-2.png", "thu-cong-my-nghe", "vase", S),
    ("binh-gom-men-ran-bat-trang-3.jpg", "thu-cong-my-nghe", "cup", L),
    ("bo-am-chen-men-lam.jpg", "thu-cong-my-nghe", "cup", L),
    ("khay-may-tre-phu-nghia.jpg", "thu-cong-my-nghe", "basket", L),
    ("khan-lua-van-phuc.png", "thu-cong-my-nghe", "fabric", S),
    ("chieu-coi-nga-son.jpg", "thu-cong-my-nghe", "basket", W),
    ("cuc-mam-xoi-sa-dec.jpg", "sinh-vat-canh", "flower", L),
    ("hoa-hong-co-sa-dec.jpg", "sinh-vat-canh", "flower", P),
    ("bonsai-mini-sa-dec.jpg", "sinh-vat-canh", "tree", L),
    ("lan-ho-diep-lang-biang.jpg", "sinh-vat-canh", "flower", P),
    ("dao-the-nhat-tan.jpg", "sinh-vat-canh", "tree", L),
    ("du-lich-dong-sen-hung-thanh.jpg", "du-lich", "flower", W),
    ("diem-du-lich-vuon-song-hau.jpg", "du-lich", "house", L),
    ("du-lich-cong-dong-buon-to-lo.jpg", "du-lich", "house", W),
    ("du-lich-cong-dong-ban-na-bai.jpg", "du-lich", "house", L),
    ("du-lich-cong-dong-ta-van.jpg", "du-lich", "house", L),  # carries GPS EXIF
    ("homestay-cong-dong-pu-luong.jpg", "du-lich", "house", BW),
    ("homestay-cong-dong-pu-luong-2.jpg", "du-lich", "tree", L),
]

ROTATED = "ruou-ngo-bac-ha.jpg"
WITH_GPS = "du-lich-cong-dong-ta-van.jpg"


def mix(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[int, ...]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def shade(c: tuple[int, ...], f: float) -> tuple[int, ...]:
    return tuple(max(0, min(255, round(x * f))) for x in c)


def background(size: tuple[int, int], top: tuple[int, ...], bottom: tuple[int, ...]) -> Image.Image:
    w, h = size
    column = Image.new("RGB", (1, 256))
    column.putdata([mix(top, bottom, i / 255) for i in range(256)])
    return column.resize((w, h), Image.Resampling.BILINEAR)


# -- shapes: each draws centred on (cx, cy) with unit size u -------------------
def bottle(d, cx, cy, u, c, rng):
    body_w, body_h = u * 0.34, u * 0.62
    neck_w, neck_h = u * 0.12, u * 0.2
    top = cy - body_h / 2
    d.rounded_rectangle((cx - body_w / 2, top, cx + body_w / 2, cy + body_h / 2), radius=u * 0.08, fill=c)
    d.polygon([(cx - body_w / 2 + u * 0.03, top + u * 0.02), (cx - neck_w / 2, top - u * 0.08),
               (cx + neck_w / 2, top - u * 0.08), (cx + body_w / 2 - u * 0.03, top + u * 0.02)], fill=c)
    d.rectangle((cx - neck_w / 2, top - neck_h, cx + neck_w / 2, top - u * 0.06), fill=c)
    d.rectangle((cx - neck_w / 2 - u * 0.01, top - neck_h - u * 0.05, cx + neck_w / 2 + u * 0.01, top - neck_h), fill=shade(c, 0.6))
    d.rounded_rectangle((cx - body_w / 2 + u * 0.04, cy - u * 0.05, cx + body_w / 2 - u * 0.04, cy + u * 0.15), radius=u * 0.02, fill=(246, 238, 220))
    d.rectangle((cx - body_w / 2 + u * 0.05, top + u * 0.06, cx - body_w / 2 + u * 0.08, cy - u * 0.1), fill=shade(c, 1.5))


def jar(d, cx, cy, u, c, rng):
    w, h = u * 0.5, u * 0.5
    d.rounded_rectangle((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), radius=u * 0.12, fill=c)
    d.rounded_rectangle((cx - w * 0.42, cy - h / 2 - u * 0.1, cx + w * 0.42, cy - h / 2 + u * 0.02), radius=u * 0.03, fill=shade(c, 0.55))
    d.rounded_rectangle((cx - w * 0.38, cy - u * 0.06, cx + w * 0.38, cy + u * 0.12), radius=u * 0.02, fill=(248, 240, 222))
    d.ellipse((cx - w / 2 + u * 0.05, cy - h / 2 + u * 0.06, cx - w / 2 + u * 0.1, cy - u * 0.02), fill=shade(c, 1.45))


def leaf(d, cx, cy, u, c, rng):
    for k in range(3):
        a = math.radians(-35 + k * 35 + rng.uniform(-6, 6))
        length, width = u * 0.5, u * 0.18
        pts = []
        for i in range(41):
            t = i / 40
            x = t * length
            y = math.sin(math.pi * t) * width / 2
            pts.append((x, y))
        pts += [(x, -y) for x, y in reversed(pts)]
        rot = [(cx + (x * math.sin(a) + y * math.cos(a)), cy + u * 0.25 - (x * math.cos(a) - y * math.sin(a))) for x, y in pts]
        d.polygon(rot, fill=shade(c, 0.9 + 0.15 * k))
        tip = (cx + length * math.sin(a), cy + u * 0.25 - length * math.cos(a))
        d.line([(cx, cy + u * 0.25), tip], fill=shade(c, 0.6), width=max(2, int(u * 0.01)))


def packet(d, cx, cy, u, c, rng):
    w, h = u * 0.46, u * 0.62
    d.polygon([(cx - w / 2, cy - h / 2 + u * 0.05), (cx + w / 2, cy - h / 2 + u * 0.05),
               (cx + w / 2 + u * 0.03, cy + h / 2), (cx - w / 2 - u * 0.03, cy + h / 2)], fill=c)
    d.rectangle((cx - w / 2, cy - h / 2, cx + w / 2, cy - h / 2 + u * 0.06), fill=shade(c, 0.7))
    d.ellipse((cx - u * 0.1, cy - u * 0.08, cx + u * 0.1, cy + u * 0.12), fill=(248, 238, 214))
    d.ellipse((cx - u * 0.05, cy - u * 0.03, cx + u * 0.05, cy + u * 0.07), fill=shade(c, 0.75))


def fruit(d, cx, cy, u, c, rng):
    for k, (dx, r) in enumerate(((-0.16, 0.2), (0.14, 0.22), (0.0, 0.16))):
        x, y = cx + dx * u, cy + (0.06 if k < 2 else -0.12) * u
        d.ellipse((x - r * u, y - r * u, x + r * u, y + r * u), fill=shade(c, 0.9 + 0.12 * k))
        d.ellipse((x - r * u * 0.5, y - r * u * 0.7, x - r * u * 0.1, y - r * u * 0.3), fill=shade(c, 1.35))
    d.polygon([(cx, cy - u * 0.28), (cx + u * 0.12, cy - u * 0.38), (cx + u * 0.04, cy - u * 0.26)], fill=(70, 130, 60))


def bowl(d, cx, cy, u, c, rng):
    d.chord((cx - u * 0.36, cy - u * 0.3, cx + u * 0.36, cy + u * 0.3), 0, 180, fill=c)
    d.ellipse((cx - u * 0.36, cy - u * 0.06, cx + u * 0.36, cy + u * 0.06), fill=shade(c, 0.7))
    for i in range(5):
        x = cx + (i - 2) * u * 0.11
        d.ellipse((x - u * 0.06, cy - u * 0.1, x + u * 0.06, cy + u * 0.01), fill=(236, 168, 110))
    d.rectangle((cx - u * 0.12, cy + u * 0.28, cx + u * 0.12, cy + u * 0.32), fill=shade(c, 0.6))


def cup(d, cx, cy, u, c, rng):
    d.ellipse((cx - u * 0.4, cy + u * 0.14, cx + u * 0.4, cy + u * 0.3), fill=shade(c, 0.75))
    d.chord((cx - u * 0.22, cy - u * 0.3, cx + u * 0.22, cy + u * 0.24), 0, 180, fill=c)
    d.rectangle((cx - u * 0.22, cy - u * 0.08, cx + u * 0.22, cy - u * 0.03), fill=c)
    d.arc((cx + u * 0.14, cy - u * 0.06, cx + u * 0.34, cy + u * 0.12), -90, 90, fill=c, width=max(3, int(u * 0.035)))
    d.ellipse((cx - u * 0.22, cy - u * 0.12, cx + u * 0.22, cy - u * 0.02), fill=shade(c, 0.55))
    for k in range(3):
        x = cx - u * 0.08 + k * u * 0.08
        d.arc((x - u * 0.03, cy - u * 0.34, x + u * 0.03, cy - u * 0.16), 100, 260, fill=(255, 255, 255), width=max(2, int(u * 0.01)))


def vase(d, cx, cy, u, c, rng):
    pts = []
    for i in range(41):
        t = i / 40
        r = u * (0.1 + 0.16 * math.sin(math.pi * (0.15 + 0.85 * t)) ** 1.5)
        pts.append((cx + r, cy - u * 0.36 + t * u * 0.72))
    pts += [(2 * cx - x, y) for x, y in reversed(pts)]
    d.polygon(pts, fill=c)
    d.rectangle((cx - u * 0.11, cy - u * 0.4, cx + u * 0.11, cy - u * 0.35), fill=shade(c, 0.7))
    for k in range(3):
        y = cy - u * 0.05 + k * u * 0.09
        d.line([(cx - u * 0.22, y), (cx + u * 0.22, y)], fill=shade(c, 1.4), width=max(2, int(u * 0.012)))


def basket(d, cx, cy, u, c, rng):
    d.polygon([(cx - u * 0.4, cy - u * 0.12), (cx + u * 0.4, cy - u * 0.12), (cx + u * 0.3, cy + u * 0.26), (cx - u * 0.3, cy + u * 0.26)], fill=c)
    for k in range(1, 8):
        x = cx - u * 0.4 + k * u * 0.1
        d.line([(x, cy - u * 0.12), (cx - u * 0.3 + k * u * 0.075, cy + u * 0.26)], fill=shade(c, 0.7), width=max(2, int(u * 0.012)))
    for k in range(1, 4):
        y = cy - u * 0.12 + k * u * 0.095
        d.line([(cx - u * 0.4 + k * u * 0.025, y), (cx + u * 0.4 - k * u * 0.025, y)], fill=shade(c, 1.3), width=max(2, int(u * 0.014)))
    d.arc((cx - u * 0.3, cy - u * 0.42, cx + u * 0.3, cy + u * 0.1), 190, 350, fill=shade(c, 0.65), width=max(3, int(u * 0.03)))


def fabric(d, cx, cy, u, c, rng):
    w, h = u * 0.7, u * 0.7
    colours = [c, shade(c, 1.45), (206, 60, 60), (40, 80, 130), (232, 190, 70)]
    x0, y0 = cx - w / 2, cy - h / 2
    rows = 9
    for i in range(rows):
        col = colours[i % len(colours)]
        d.rectangle((x0, y0 + i * h / rows, x0 + w, y0 + (i + 1) * h / rows), fill=col)
        if i % 2 == 0:
            for j in range(7):
                x = x0 + (j + 0.5) * w / 7
                y = y0 + (i + 0.5) * h / rows
                s = h / rows * 0.35
                d.polygon([(x, y - s), (x + s, y), (x, y + s), (x - s, y)], fill=colours[(i + 2) % len(colours)])


def flower(d, cx, cy, u, c, rng):
    d.line([(cx, cy), (cx, cy + u * 0.45)], fill=(60, 120, 60), width=max(3, int(u * 0.02)))
    d.ellipse((cx, cy + u * 0.18, cx + u * 0.16, cy + u * 0.26), fill=(80, 140, 70))
    petals = rng.choice((5, 6, 8))
    for k in range(petals):
        a = 2 * math.pi * k / petals
        px, py = cx + math.cos(a) * u * 0.13, cy - u * 0.05 + math.sin(a) * u * 0.13
        d.ellipse((px - u * 0.1, py - u * 0.1, px + u * 0.1, py + u * 0.1), fill=shade(c, 1.0 + 0.05 * (k % 2)))
    d.ellipse((cx - u * 0.06, cy - u * 0.11, cx + u * 0.06, cy + u * 0.01), fill=(246, 206, 80))


def tree(d, cx, cy, u, c, rng):
    d.rounded_rectangle((cx - u * 0.24, cy + u * 0.24, cx + u * 0.24, cy + u * 0.4), radius=u * 0.03, fill=(150, 86, 60))
    d.polygon([(cx - u * 0.03, cy + u * 0.25), (cx - u * 0.05, cy - u * 0.05), (cx + u * 0.08, cy - u * 0.2), (cx + u * 0.03, cy + u * 0.25)], fill=(110, 80, 60))
    for dx, dy, r in ((-0.16, -0.18, 0.14), (0.12, -0.3, 0.16), (0.22, -0.1, 0.11), (-0.02, -0.38, 0.1)):
        x, y = cx + dx * u, cy + dy * u
        d.ellipse((x - r * u, y - r * u, x + r * u, y + r * u), fill=c)
        for _ in range(4):
            bx, by = x + rng.uniform(-r, r) * u * 0.7, y + rng.uniform(-r, r) * u * 0.7
            d.ellipse((bx - u * 0.02, by - u * 0.02, bx + u * 0.02, by + u * 0.02), fill=shade(c, 1.4))


def house(d, cx, cy, u, c, rng):
    d.polygon([(cx - u * 0.5, cy + u * 0.4), (cx - u * 0.15, cy - u * 0.15), (cx + u * 0.2, cy + u * 0.4)], fill=shade(c, 0.75))
    d.polygon([(cx, cy + u * 0.4), (cx + u * 0.35, cy - u * 0.05), (cx + u * 0.7, cy + u * 0.4)], fill=shade(c, 0.85))
    d.rectangle((cx - u * 0.28, cy + u * 0.02, cx + u * 0.28, cy + u * 0.3), fill=(200, 150, 100))
    d.polygon([(cx - u * 0.38, cy + u * 0.04), (cx, cy - u * 0.26), (cx + u * 0.38, cy + u * 0.04)], fill=(130, 70, 40))
    d.rectangle((cx - u * 0.05, cy + u * 0.14, cx + u * 0.05, cy + u * 0.3), fill=(90, 56, 36))
    d.rectangle((cx - u * 0.2, cy + u * 0.1, cx - u * 0.11, cy + u * 0.18), fill=(250, 226, 150))
    d.rectangle((cx + u * 0.11, cy + u * 0.1, cx + u * 0.2, cy + u * 0.18), fill=(250, 226, 150))
    for k in range(5):
        x = cx - u * 0.3 + k * u * 0.15
        d.line([(x, cy + u * 0.3), (x, cy + u * 0.4)], fill=(110, 70, 40), width=max(2, int(u * 0.012)))


SHAPES = {f.__name__: f for f in (bottle, jar, leaf, packet, fruit, bowl, cup, vase, basket, fabric, flower, tree, house)}


def draw(name: str, group: str, shape: str, size: tuple[int, int]) -> Image.Image:
    rng = random.Random(name)
    top, bottom, accent = GROUPS[group]
    hue = rng.uniform(0.9, 1.1)
    img = background(size, shade(top, hue), shade(bottom, 2 - hue))
    d = ImageDraw.Draw(img)
    w, h = size
    # a soft light disc behind the subject, and the ground it stands on
    r = min(w, h) * 0.42
    glow = Image.new("L", size, 0)
    ImageDraw.Draw(glow).ellipse((w / 2 - r, h * 0.48 - r, w / 2 + r, h * 0.48 + r), fill=90)
    glow = glow.filter(ImageFilter.GaussianBlur(min(w, h) // 12))
    img.paste((255, 250, 240), (0, 0), glow)
    d = ImageDraw.Draw(img)
    d.ellipse((w * 0.2, h * 0.8, w * 0.8, h * 0.9), fill=shade(bottom, 0.85))
    u = min(w, h) * 0.8
    if shape in ("leaf", "tree") and group != "sinh-vat-canh":
        accent = (58, 120, 52)  # tea leaves and trees are green whatever the group
    elif shape == "fruit":
        accent = (104, 150, 60)
    colour = shade(accent, rng.uniform(0.85, 1.25))
    SHAPES[shape](d, w / 2, h * 0.5, u, colour, rng)
    return img


def encode(img: Image.Image, name: str) -> bytes:
    buf = io.BytesIO()
    if name.endswith(".png"):
        img.quantize(colors=24, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(buf, "PNG", optimize=True)
        return buf.getvalue()
    options = {"quality": 62, "optimize": True, "progressive": True, "subsampling": "4:2:0"}
    if name == ROTATED:
        # Orientation 6: the viewer must turn the stored image 90° clockwise,
        # so store the upright drawing turned 90° counter-clockwise.
        img = img.transpose(Image.Transpose.ROTATE_90)
        exif = Image.Exif()
        exif[0x0112] = 6
        options["exif"] = exif.tobytes()
    elif name == WITH_GPS:
        exif = Image.Exif()
        gps = exif.get_ifd(0x8825)
        gps[0] = b"\x02\x03\x00\x00"
        gps[1] = "N"
        gps[2] = (22.0, 18.0, 36.5)
        gps[3] = "E"
        gps[4] = (103.0, 53.0, 12.25)
        options["exif"] = exif.tobytes()
    for quality in (62, 56, 50, 44, 38):
        options["quality"] = quality
        buf = io.BytesIO()
        img.save(buf, "JPEG", **options)
        if buf.tell() < MAX_BYTES:
            break
    return buf.getvalue()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, group, shape, size in IMAGES:
        data = encode(draw(name, group, shape, size), name)
        if len(data) >= MAX_BYTES:
            print(f"{name}: {len(data)} bytes, over the {MAX_BYTES} limit", file=sys.stderr)
            return 1
        (OUT / name).write_bytes(data)
        total += len(data)
    print(f"{len(IMAGES)} images, {total:,} bytes in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
