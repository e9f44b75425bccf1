#!/usr/bin/env python3
"""Draw the sample illustrations used by the articles in input/.

The pictures are simple flat illustrations (no text), drawn with Pillow from
fixed shapes and seeded random numbers, so running the script twice gives
byte-identical JPEG files (for a given Pillow version).

Usage:
    python tools/make_sample_images.py [--out input/images]

Released under CC0 1.0 together with the sample data (see input/LICENSE.md).
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw

SCALE = 2  # draw at 2x, then downsample: cheap anti-aliasing
JPEG_QUALITY = 85

# A soft, flat palette.
SKY_TOP = (142, 196, 232)
SKY_BOTTOM = (222, 238, 246)
HILL_FAR = (150, 181, 170)
HILL_MID = (104, 158, 120)
HILL_NEAR = (76, 135, 92)
GRASS = (128, 182, 94)
TRUNK = (112, 82, 60)
LEAF_DARK = (58, 120, 74)
LEAF_LIGHT = (92, 156, 90)
SKIN = [(236, 196, 160), (222, 178, 140), (200, 152, 118)]
HAIR = [(40, 34, 32), (58, 44, 38), (30, 28, 30), (92, 90, 92)]
SHIRTS = [
    (246, 246, 242),
    (70, 100, 150),
    (232, 232, 226),
    (176, 64, 60),
    (80, 80, 88),
    (214, 222, 236),
    (120, 90, 140),
    (60, 120, 120),
]


# --------------------------------------------------------------------------
# small drawing helpers (coordinates are in the 2x canvas)
# --------------------------------------------------------------------------


def new_canvas(w: int, h: int, color=(255, 255, 255)):
    img = Image.new("RGB", (w * SCALE, h * SCALE), color)
    return img, ImageDraw.Draw(img)


def finish(img: Image.Image, path: Path) -> None:
    w, h = img.size
    out = img.resize((w // SCALE, h // SCALE), Image.LANCZOS)
    out.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False, subsampling=2)


def mix(c1, c2, t: float):
    return tuple(round(a + (b - a) * t) for a, b in zip(c1, c2, strict=False))


def vgradient(draw, box, top, bottom):
    x0, y0, x1, y1 = (round(v) for v in box)
    span = max(1, y1 - y0)
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=mix(top, bottom, (y - y0) / span))


def hill_polygon(w, h, base, amp, phase, freq, bottom=None):
    """Polygon of a smooth ridge: sum of two sines around y=base."""
    bottom = h if bottom is None else bottom
    pts = [(0, bottom)]
    steps = 120
    for i in range(steps + 1):
        x = w * i / steps
        y = (
            base
            - amp * math.sin(freq * x / w * math.pi * 2 + phase)
            - 0.45 * amp * math.sin(2.3 * freq * x / w * math.pi * 2 + 2 * phase)
        )
        pts.append((x, y))
    pts.append((w, bottom))
    return pts


def cloud(draw, x, y, s, color=(252, 252, 250)):
    for dx, dy, r in ((0, 0, 1.0), (0.9, -0.35, 1.2), (1.9, 0, 0.95), (0.95, 0.25, 1.0)):
        cx, cy, rr = x + dx * s, y + dy * s, r * s
        draw.ellipse([cx - rr, cy - rr * 0.75, cx + rr, cy + rr * 0.75], fill=color)


def round_tree(draw, x, ground, s, leaf=LEAF_DARK, leaf2=LEAF_LIGHT):
    draw.rectangle([x - 0.09 * s, ground - 0.9 * s, x + 0.09 * s, ground], fill=TRUNK)
    draw.ellipse([x - 0.55 * s, ground - 1.75 * s, x + 0.55 * s, ground - 0.7 * s], fill=leaf)
    draw.ellipse([x - 0.38 * s, ground - 1.68 * s, x + 0.22 * s, ground - 1.1 * s], fill=leaf2)


def pine_tree(draw, x, ground, s, leaf=LEAF_DARK):
    draw.rectangle([x - 0.06 * s, ground - 0.35 * s, x + 0.06 * s, ground], fill=TRUNK)
    for k in range(3):
        top = ground - (1.6 - 0.35 * k) * s
        half = (0.32 + 0.12 * k) * s
        draw.polygon([(x, top), (x - half, top + 0.75 * s), (x + half, top + 0.75 * s)], fill=leaf)


def person_seated(draw, x, y, s, rng, back=False, arm_up=False):
    """A simple seated person; (x, y) = centre of the shoulders line."""
    shirt = rng.choice(SHIRTS)
    skin = rng.choice(SKIN)
    hair = rng.choice(HAIR)
    # torso
    draw.rounded_rectangle(
        [x - 0.55 * s, y, x + 0.55 * s, y + 1.3 * s], radius=int(0.35 * s), fill=shirt
    )
    if arm_up:
        draw.rounded_rectangle(
            [x + 0.38 * s, y - 1.15 * s, x + 0.66 * s, y + 0.4 * s],
            radius=int(0.14 * s),
            fill=shirt,
        )
        draw.ellipse([x + 0.34 * s, y - 1.45 * s, x + 0.70 * s, y - 1.1 * s], fill=skin)
    # neck + head
    draw.rectangle([x - 0.12 * s, y - 0.2 * s, x + 0.12 * s, y + 0.1 * s], fill=skin)
    draw.ellipse(
        [x - 0.36 * s, y - 0.95 * s, x + 0.36 * s, y - 0.12 * s], fill=hair if back else skin
    )
    if not back:
        draw.chord([x - 0.38 * s, y - 1.0 * s, x + 0.38 * s, y - 0.35 * s], 180, 360, fill=hair)


# --------------------------------------------------------------------------
# scenes
# --------------------------------------------------------------------------


def scene_meeting_hall(path: Path) -> None:
    """Plenary hall seen from the back: stage, podium, rows of delegates."""
    W, H = 1200 * SCALE, 800 * SCALE
    img, d = new_canvas(1200, 800)
    rng = random.Random(11)
    vgradient(d, (0, 0, W, int(H * 0.55)), (236, 226, 210), (222, 208, 188))
    # ceiling lights
    for i in range(7):
        cx = W * (i + 0.5) / 7
        d.ellipse([cx - 40, 40, cx + 40, 70], fill=(255, 248, 222))
    # stage backdrop: deep red panel with a golden frame
    d.rectangle([W * 0.18, H * 0.1, W * 0.82, H * 0.47], fill=(196, 160, 84))
    d.rectangle([W * 0.19, H * 0.115, W * 0.81, H * 0.455], fill=(168, 38, 40))
    # a gold emblem-like disc (no text)
    d.ellipse([W * 0.46, H * 0.15, W * 0.54, H * 0.15 + W * 0.08], fill=(226, 186, 78))
    d.ellipse(
        [W * 0.475, H * 0.15 + W * 0.015, W * 0.525, H * 0.15 + W * 0.065], fill=(200, 52, 44)
    )
    # stage
    d.rectangle([W * 0.1, H * 0.47, W * 0.9, H * 0.53], fill=(150, 96, 64))
    # presidium table
    d.rectangle([W * 0.28, H * 0.40, W * 0.72, H * 0.47], fill=(244, 242, 236))
    d.rectangle([W * 0.28, H * 0.40, W * 0.72, H * 0.415], fill=(60, 110, 70))
    # flowers on the table
    for fx in (0.33, 0.5, 0.67):
        cx = W * fx
        d.ellipse([cx - 28, H * 0.375, cx + 28, H * 0.405], fill=(226, 90, 110))
        d.ellipse([cx - 14, H * 0.37, cx + 14, H * 0.39], fill=(246, 214, 92))
    # podium on the right
    d.polygon(
        [(W * 0.76, H * 0.36), (W * 0.84, H * 0.36), (W * 0.83, H * 0.5), (W * 0.77, H * 0.5)],
        fill=(128, 78, 50),
    )
    d.rectangle([W * 0.755, H * 0.35, W * 0.845, H * 0.37], fill=(96, 58, 38))
    # floor
    vgradient(d, (0, int(H * 0.53), W, H), (170, 60, 58), (140, 44, 46))
    # rows of desks with delegates seen from behind (perspective)
    rows = 4
    for r in range(rows):
        t = r / (rows - 1)
        y = H * (0.58 + 0.1 * r + 0.012 * r * r)
        s = 58 + 46 * t
        x_margin = W * (0.16 - 0.13 * t)
        n = int(10 - 3 * t)
        for i in range(n):
            x = x_margin + (W - 2 * x_margin) * (i + 0.5) / n
            person_seated(d, x, y, s, rng, back=True)
        # desk edge in front of the row
        d.rectangle([x_margin - s, y + 1.1 * s, W - x_margin + s, y + 1.5 * s], fill=(120, 80, 56))
        d.rectangle([x_margin - s, y + 1.1 * s, W - x_margin + s, y + 1.2 * s], fill=(150, 104, 72))
    finish(img, path)


def scene_voting(path: Path) -> None:
    """Delegates at their desks seen from the front, several hands raised."""
    W, H = 1200 * SCALE, 800 * SCALE
    img, d = new_canvas(1200, 800)
    rng = random.Random(23)
    vgradient(d, (0, 0, W, H), (232, 222, 206), (214, 198, 176))
    # wooden wall panels
    for i in range(9):
        x = W * i / 9
        d.rectangle([x + 10, 20, x + W / 9 - 10, H * 0.3], fill=(190, 150, 108))
        d.rectangle([x + 24, 34, x + W / 9 - 24, H * 0.3 - 14], fill=(204, 166, 122))
    rows = 3
    for r in range(rows):
        y = H * (0.3 + 0.25 * r)
        s = 120 + 24 * r
        n = 6 - r
        for i in range(n):
            x = W * (i + 0.5) / n
            person_seated(d, x, y, s, rng, arm_up=rng.random() < 0.75)
        # desk with small screens and microphones
        d.rectangle([0, y + 1.0 * s, W, y + 1.75 * s], fill=(146, 98, 64))
        d.rectangle([0, y + 1.0 * s, W, y + 1.12 * s], fill=(170, 118, 80))
        for i in range(n):
            x = W * (i + 0.5) / n
            d.rectangle([x - 0.9 * s, y + 0.72 * s, x - 0.4 * s, y + 1.02 * s], fill=(46, 52, 64))
            d.line(
                [(x + 0.7 * s, y + 1.0 * s), (x + 0.5 * s, y + 0.45 * s)],
                fill=(40, 40, 40),
                width=6,
            )
            d.ellipse([x + 0.44 * s, y + 0.38 * s, x + 0.58 * s, y + 0.52 * s], fill=(60, 60, 60))
    finish(img, path)


def scene_school(path: Path) -> None:
    """Two-storey school building in the hills with a flagpole and yard."""
    W, H = 1200 * SCALE, 800 * SCALE
    img, d = new_canvas(1200, 800)
    rng = random.Random(5)
    vgradient(d, (0, 0, W, H), SKY_TOP, SKY_BOTTOM)
    cloud(d, W * 0.15, H * 0.12, 70)
    cloud(d, W * 0.68, H * 0.08, 56)
    d.polygon(hill_polygon(W, H, H * 0.42, 70, 0.6, 1.2), fill=HILL_FAR)
    d.polygon(hill_polygon(W, H, H * 0.5, 50, 2.1, 1.7), fill=HILL_MID)
    # yard
    d.rectangle([0, H * 0.62, W, H], fill=GRASS)
    d.polygon(
        [(W * 0.12, H), (W * 0.88, H), (W * 0.78, H * 0.66), (W * 0.22, H * 0.66)],
        fill=(214, 200, 176),
    )
    # building
    bx0, bx1, by0, by1 = W * 0.22, W * 0.78, H * 0.33, H * 0.66
    d.rectangle([bx0, by0, bx1, by1], fill=(246, 214, 120))
    d.polygon(
        [(bx0 - 40, by0), (bx1 + 40, by0), (bx1 - 30, by0 - 110), (bx0 + 30, by0 - 110)],
        fill=(188, 74, 56),
    )
    d.rectangle([bx0, (by0 + by1) / 2 - 10, bx1, (by0 + by1) / 2 + 10], fill=(230, 190, 96))
    for floor in range(2):
        fy = by0 + 40 + floor * (by1 - by0) / 2
        for i in range(8):
            x = bx0 + 40 + i * (bx1 - bx0 - 80) / 8
            if floor == 1 and i in (3, 4):
                continue
            d.rectangle([x + 10, fy, x + 110, fy + 120], fill=(120, 170, 200))
            d.line([(x + 60, fy), (x + 60, fy + 120)], fill=(240, 240, 236), width=6)
    # door
    d.rectangle([W * 0.47, by1 - 180, W * 0.53, by1], fill=(110, 80, 60))
    # flagpole with a plain red flag
    d.rectangle([W * 0.5 - 6, H * 0.66, W * 0.5 + 6, H * 0.66 + 10], fill=(120, 120, 120))
    fx = W * 0.9
    d.rectangle([fx - 6, H * 0.2, fx + 6, H * 0.7], fill=(170, 170, 170))
    d.polygon(
        [(fx + 6, H * 0.21), (fx + 190, H * 0.235), (fx + 180, H * 0.32), (fx + 6, H * 0.30)],
        fill=(210, 40, 40),
    )
    # trees
    for x in (0.07, 0.16, 0.83):
        round_tree(d, W * x, H * 0.68, 150 + rng.randint(-20, 20))
    # pupils in the yard
    for i in range(6):
        x = W * (0.3 + 0.08 * i)
        y = H * (0.82 + 0.03 * (i % 2))
        s = 34
        d.rounded_rectangle(
            [x - 0.5 * s, y, x + 0.5 * s, y + 1.4 * s], radius=14, fill=(250, 250, 250)
        )
        d.rectangle([x - 0.45 * s, y + 1.2 * s, x + 0.45 * s, y + 2.2 * s], fill=(40, 60, 110))
        d.ellipse([x - 0.35 * s, y - 0.8 * s, x + 0.35 * s, y - 0.05 * s], fill=rng.choice(SKIN))
        d.chord([x - 0.37 * s, y - 0.85 * s, x + 0.37 * s, y - 0.3 * s], 180, 360, fill=HAIR[0])
        d.polygon(
            [(x - 0.2 * s, y + 0.05 * s), (x + 0.2 * s, y + 0.05 * s), (x, y + 0.45 * s)],
            fill=(210, 40, 40),
        )
    finish(img, path)


def scene_road(path: Path) -> None:
    """A new asphalt road winding through hills, 16:9."""
    W, H = 1200 * SCALE, 675 * SCALE
    img, d = new_canvas(1200, 675)
    rng = random.Random(7)
    vgradient(d, (0, 0, W, H), SKY_TOP, SKY_BOTTOM)
    cloud(d, W * 0.75, H * 0.14, 64)
    cloud(d, W * 0.3, H * 0.1, 48)
    d.polygon(hill_polygon(W, H, H * 0.38, 80, 1.3, 1.1), fill=HILL_FAR)
    d.polygon(hill_polygon(W, H, H * 0.48, 60, 0.2, 1.6), fill=HILL_MID)
    d.polygon(hill_polygon(W, H, H * 0.6, 40, 2.8, 0.9), fill=HILL_NEAR)
    d.rectangle([0, H * 0.68, W, H], fill=GRASS)
    # winding road: sample a centre curve, widen towards the viewer
    left, right, centre = [], [], []
    steps = 80
    for i in range(steps + 1):
        t = i / steps  # 0 = horizon, 1 = bottom
        y = H * 0.5 + (H * 0.5) * t
        cx = W * (0.55 + 0.18 * math.sin(t * math.pi * 1.6 + 0.4) * (1 - 0.4 * t))
        half = 14 + 520 * t**1.6
        left.append((cx - half, y))
        right.append((cx + half, y))
        centre.append((cx, y, t))
    d.polygon(
        [(x + 0, y) for x, y in left] + [(x, y) for x, y in reversed(right)], fill=(92, 94, 100)
    )
    # kerbs
    d.line(left, fill=(238, 236, 228), width=8)
    d.line(right, fill=(238, 236, 228), width=8)
    # dashed centre line
    for i in range(0, steps - 1, 4):
        x0, y0, _t0 = centre[i]
        x1, y1, t1 = centre[i + 2]
        d.line([(x0, y0), (x1, y1)], fill=(246, 214, 92), width=int(4 + 10 * t1))
    # trees on the slopes
    for _k in range(14):
        x = rng.uniform(0, W)
        ground = rng.uniform(H * 0.56, H * 0.72)
        s = 60 + (ground - H * 0.56) * 0.9
        if abs(x - W * 0.55) < W * 0.12:
            continue
        pine_tree(d, x, ground, s, leaf=rng.choice([LEAF_DARK, (48, 104, 66)]))
    # a small concrete bridge railing in front
    d.rectangle([0, H * 0.9, W * 0.22, H * 0.93], fill=(214, 212, 204))
    for i in range(7):
        x = i * W * 0.035
        d.rectangle([x, H * 0.86, x + 14, H * 0.93], fill=(200, 198, 190))
    d.rectangle([0, H * 0.855, W * 0.22, H * 0.87], fill=(226, 224, 216))
    finish(img, path)


def scene_rice_terraces(path: Path) -> None:
    """Terraced rice fields at harvest time, a stilt house and mountains."""
    W, H = 1200 * SCALE, 800 * SCALE
    img, d = new_canvas(1200, 800)
    vgradient(d, (0, 0, W, H), (170, 208, 236), (240, 236, 220))
    d.ellipse([W * 0.78, H * 0.08, W * 0.78 + 140, H * 0.08 + 140], fill=(255, 232, 160))
    d.polygon(hill_polygon(W, H, H * 0.3, 90, 0.9, 1.3), fill=(160, 180, 190))
    d.polygon(hill_polygon(W, H, H * 0.4, 70, 2.4, 1.0), fill=HILL_FAR)
    # terraces: bands alternating gold and green, curving
    colors = [
        (226, 196, 88),
        (196, 178, 70),
        (232, 206, 104),
        (150, 170, 64),
        (220, 188, 80),
        (180, 176, 70),
        (236, 210, 110),
        (206, 180, 76),
        (224, 198, 92),
    ]
    n = len(colors)
    for k in range(n):
        base = H * (0.45 + 0.065 * k)
        pts = hill_polygon(W, H, base, 22 + 4 * k, 0.5 + 0.3 * k, 1.1)
        d.polygon(pts, fill=colors[k])
        d.line(pts[1:-1], fill=(120, 120, 60), width=5)
    # a stilt house (nhà sàn) on the left
    hx, hy = W * 0.16, H * 0.52
    for i in range(5):
        d.rectangle([hx - 180 + i * 90, hy, hx - 170 + i * 90, hy + 90], fill=(96, 70, 50))
    d.rectangle([hx - 200, hy - 120, hx + 200, hy], fill=(170, 126, 84))
    d.polygon(
        [(hx - 250, hy - 110), (hx + 250, hy - 110), (hx + 150, hy - 240), (hx - 150, hy - 240)],
        fill=(120, 84, 60),
    )
    d.rectangle([hx - 60, hy - 90, hx + 10, hy - 20], fill=(80, 60, 44))
    d.rectangle([hx + 60, hy - 90, hx + 130, hy - 30], fill=(80, 60, 44))
    # harvesters with conical hats
    for x, y in ((0.55, 0.8), (0.63, 0.84), (0.72, 0.79)):
        cx, cy = W * x, H * y
        d.rounded_rectangle([cx - 26, cy, cx + 26, cy + 80], radius=16, fill=(70, 100, 150))
        d.ellipse([cx - 20, cy - 40, cx + 20, cy], fill=SKIN[1])
        d.polygon([(cx - 60, cy - 20), (cx + 60, cy - 20), (cx, cy - 80)], fill=(236, 222, 180))
    finish(img, path)


def scene_voter_meeting(path: Path) -> None:
    """Delegates at a table facing voters in a commune hall."""
    W, H = 1200 * SCALE, 800 * SCALE
    img, d = new_canvas(1200, 800)
    rng = random.Random(31)
    vgradient(d, (0, 0, W, H * 0.62), (240, 232, 214), (228, 216, 194))
    d.rectangle([0, H * 0.62, W, H], fill=(196, 170, 140))
    # backdrop banner (plain blue panel)
    d.rectangle([W * 0.12, H * 0.06, W * 0.88, H * 0.3], fill=(42, 94, 160))
    d.rectangle([W * 0.12, H * 0.27, W * 0.88, H * 0.3], fill=(226, 186, 78))
    # windows
    for x in (0.02, 0.9):
        d.rectangle([W * x, H * 0.1, W * x + 160, H * 0.42], fill=(170, 206, 226))
        d.line([(W * x + 80, H * 0.1), (W * x + 80, H * 0.42)], fill=(250, 250, 250), width=8)
    # delegates behind the table
    for i in range(5):
        person_seated(d, W * (0.24 + 0.13 * i), H * 0.42, 72, rng)
    d.rectangle([W * 0.14, H * 0.52, W * 0.86, H * 0.7], fill=(248, 248, 244))
    d.rectangle([W * 0.14, H * 0.52, W * 0.86, H * 0.545], fill=(180, 40, 44))
    # bottles and a flower pot
    for i in range(5):
        x = W * (0.24 + 0.13 * i) + 70
        d.rounded_rectangle([x - 12, H * 0.47, x + 12, H * 0.525], radius=6, fill=(190, 220, 236))
    # flower arrangement on the front of the table
    d.ellipse([W * 0.44, H * 0.57, W * 0.56, H * 0.67], fill=(236, 120, 60))
    d.ellipse([W * 0.47, H * 0.58, W * 0.53, H * 0.64], fill=(250, 210, 90))
    d.ellipse([W * 0.41, H * 0.6, W * 0.46, H * 0.66], fill=(92, 156, 90))
    d.ellipse([W * 0.54, H * 0.6, W * 0.59, H * 0.66], fill=(92, 156, 90))
    # voters seen from behind, foreground
    for r in range(2):
        n = 6 + r
        y = H * (0.78 + 0.12 * r)
        for i in range(n):
            x = W * (i + 0.5 + 0.25 * (r % 2)) / n
            person_seated(d, x, y, 86 + 10 * r, rng, back=True)
    finish(img, path)


def scene_health_station(path: Path) -> None:
    """A commune health station: one-storey building, green roof, a cross."""
    W, H = 1200 * SCALE, 800 * SCALE
    img, d = new_canvas(1200, 800)
    rng = random.Random(13)
    vgradient(d, (0, 0, W, H), (150, 200, 230), (230, 240, 242))
    cloud(d, W * 0.2, H * 0.1, 60)
    d.polygon(hill_polygon(W, H, H * 0.45, 60, 1.9, 1.4), fill=HILL_FAR)
    d.rectangle([0, H * 0.62, W, H], fill=GRASS)
    # path
    d.polygon(
        [(W * 0.42, H), (W * 0.62, H), (W * 0.54, H * 0.68), (W * 0.48, H * 0.68)],
        fill=(216, 206, 186),
    )
    # building
    bx0, bx1, by0, by1 = W * 0.2, W * 0.82, H * 0.4, H * 0.68
    d.rectangle([bx0, by0, bx1, by1], fill=(248, 248, 244))
    d.polygon(
        [(bx0 - 50, by0), (bx1 + 50, by0), (bx1 - 40, by0 - 150), (bx0 + 40, by0 - 150)],
        fill=(64, 140, 120),
    )
    d.rectangle([bx0, by1 - 24, bx1, by1], fill=(200, 200, 196))
    for i in range(6):
        x = bx0 + 60 + i * (bx1 - bx0 - 120) / 6
        if i in (2, 3):
            continue
        d.rectangle([x + 10, by0 + 70, x + 140, by0 + 220], fill=(130, 180, 210))
    # door with canopy
    d.rectangle([W * 0.47, by0 + 100, W * 0.55, by1 - 24], fill=(120, 170, 200))
    d.rectangle([W * 0.45, by0 + 70, W * 0.57, by0 + 100], fill=(64, 140, 120))
    # red cross sign on the gable
    cx, cy = W * 0.51, by0 - 70
    d.ellipse([cx - 60, cy - 60, cx + 60, cy + 60], fill=(252, 252, 250))
    d.rectangle([cx - 12, cy - 40, cx + 12, cy + 40], fill=(214, 44, 44))
    d.rectangle([cx - 40, cy - 12, cx + 40, cy + 12], fill=(214, 44, 44))
    for x in (0.06, 0.13, 0.9):
        round_tree(d, W * x, H * 0.7, 160 + rng.randint(-20, 30))
    # low fence
    for i in range(30):
        x = i * W / 30
        if W * 0.4 < x < W * 0.64:
            continue
        d.rectangle([x, H * 0.74, x + 14, H * 0.8], fill=(236, 236, 232))
    d.rectangle([0, H * 0.755, W * 0.4, H * 0.765], fill=(236, 236, 232))
    d.rectangle([W * 0.64, H * 0.755, W, H * 0.765], fill=(236, 236, 232))
    finish(img, path)


def scene_suspension_bridge(path: Path) -> None:
    """A footbridge hung over a river between green hills, 16:9."""
    W, H = 1200 * SCALE, 675 * SCALE
    img, d = new_canvas(1200, 675)
    rng = random.Random(17)
    vgradient(d, (0, 0, W, H), (160, 204, 232), (232, 240, 238))
    d.polygon(hill_polygon(W, H, H * 0.36, 80, 0.3, 1.2), fill=HILL_FAR)
    d.polygon(hill_polygon(W, H, H * 0.46, 50, 2.5, 1.5), fill=HILL_MID)
    # river
    vgradient(d, (0, int(H * 0.62), W, H), (120, 176, 196), (84, 140, 170))
    for _k in range(12):
        y = rng.uniform(H * 0.66, H * 0.98)
        x = rng.uniform(0, W * 0.9)
        d.line([(x, y), (x + rng.uniform(80, 220), y)], fill=(170, 210, 222), width=6)
    # banks
    d.polygon([(0, H * 0.52), (W * 0.2, H * 0.56), (W * 0.14, H), (0, H)], fill=HILL_NEAR)
    d.polygon([(W, H * 0.5), (W * 0.8, H * 0.55), (W * 0.88, H), (W, H)], fill=HILL_NEAR)
    # towers
    tl, tr, deck_y = W * 0.17, W * 0.83, H * 0.6
    for tx in (tl, tr):
        d.rectangle([tx - 16, H * 0.26, tx + 16, deck_y + 30], fill=(226, 222, 210))
        d.rectangle([tx - 30, H * 0.25, tx + 30, H * 0.27], fill=(200, 196, 186))
    # main cable: parabola between towers
    cable = []
    for i in range(101):
        t = i / 100
        x = tl + (tr - tl) * t
        y = H * 0.27 + (deck_y - 30 - H * 0.27) * (1 - (2 * t - 1) ** 2)
        cable.append((x, y))
    d.line(cable, fill=(70, 70, 76), width=8)
    # hangers
    for i in range(4, 100, 4):
        x, y = cable[i]
        d.line([(x, y), (x, deck_y)], fill=(90, 90, 96), width=3)
    # deck with a slight sag and railings
    deck = [(tl + (tr - tl) * i / 50, deck_y + 12 * math.sin(math.pi * i / 50)) for i in range(51)]
    d.line(deck, fill=(150, 108, 72), width=18)
    d.line([(x, y - 34) for x, y in deck], fill=(110, 110, 116), width=4)
    for x, y in deck[::3]:
        d.line([(x, y - 34), (x, y)], fill=(110, 110, 116), width=3)
    # two people walking on the bridge
    for frac, shirt in ((0.4, (176, 64, 60)), (0.47, (70, 100, 150))):
        x, y = deck[int(50 * frac)]
        d.rounded_rectangle([x - 12, y - 70, x + 12, y - 20], radius=8, fill=shirt)
        d.rectangle([x - 9, y - 22, x + 9, y - 6], fill=(50, 50, 60))
        d.ellipse([x - 11, y - 92, x + 11, y - 70], fill=SKIN[1])
    for x in (0.03, 0.08, 0.93, 0.97):
        pine_tree(d, W * x, H * (0.6 + 0.05 * (x > 0.5)), 130)
    finish(img, path)


SCENES = {
    "hoi-truong-ky-hop.jpg": scene_meeting_hall,
    "bieu-quyet-nghi-quyet.jpg": scene_voting,
    "truong-hoc-pac-nam.jpg": scene_school,
    "duong-giao-thong-cho-don.jpg": scene_road,
    "ruong-bac-thang-na-ri.jpg": scene_rice_terraces,
    "tiep-xuc-cu-tri-ba-be.jpg": scene_voter_meeting,
    "tram-y-te-bach-thong.jpg": scene_health_station,
    "cau-treo-ngan-son.jpg": scene_suspension_bridge,
}


def main() -> None:
    default_out = Path(__file__).resolve().parent.parent / "input" / "images"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=default_out, help="output folder (default: input/images)"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, draw_scene in SCENES.items():
        target = args.out / name
        draw_scene(target)
        print(f"{target} ({target.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
