"""QR codes drawn into a PDF as one vector path.

The symbol is encoded by zxing-cpp (C++; pure-Python segno takes some 25 ms for a voucher
code, zxing-cpp about 1 ms), which picks the densest mode itself: alphanumeric for a
base45 voucher code. Each row's runs of dark modules become one rectangle of a single
path, filled once: sharp at any printer resolution, and several times faster to draw and
to render than a rectangle per module (benchmarks/vouchers.py measures both).
"""

from __future__ import annotations

import zxingcpp

QUIET_ZONE = 4  # modules of white around the symbol, as ISO/IEC 18004 asks


def qr_modules(text: str, error_correction: str = "M") -> list[list[bool]]:
    """The QR symbol of ``text`` as rows of modules, True for dark, without quiet zone."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode,
                                      ec_level=error_correction)
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))
    height, width = image.shape
    data = image.tobytes()
    return [[data[row * width + col] < 128 for col in range(width)] for row in range(height)]


def qr_runs(modules: list[list[bool]]) -> list[tuple[int, int, int]]:
    """``(row, first column, length)`` of every run of dark modules."""
    runs = []
    for row, line in enumerate(modules):
        col, width = 0, len(line)
        while col < width:
            if line[col]:
                start = col
                while col < width and line[col]:
                    col += 1
                runs.append((row, start, col - start))
            else:
                col += 1
    return runs


def draw_qr(canvas, text: str, x: float, y: float, size: float,
            error_correction: str = "M") -> None:
    """Draw the QR code of ``text`` with its lower left corner (quiet zone included) at
    ``x, y``, ``size`` points square, as one filled path on a white ground."""
    modules = qr_modules(text, error_correction)
    count = len(modules) + 2 * QUIET_ZONE
    unit = size / count
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    top = y + size - QUIET_ZONE * unit
    left = x + QUIET_ZONE * unit
    for row, col, length in qr_runs(modules):
        path.rect(left + col * unit, top - (row + 1) * unit, length * unit, unit)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
