"""QR code decoders for camera frames behind one function table: zxing-cpp, pyzbar and OpenCV."""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable, Mapping
from types import MappingProxyType

import cv2
import numpy as np

Decoder = Callable[[np.ndarray], list[str]]


def _grey(image_bgr: np.ndarray) -> np.ndarray:
    if image_bgr.ndim == 2:
        return image_bgr
    grey: np.ndarray = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY)
    return grey


def decode_zxing(image_bgr: np.ndarray) -> list[str]:
    """zxing-cpp: fastest and most robust in benchmarks/decoders.py (the default)."""
    import zxingcpp

    results = zxingcpp.read_barcodes(_grey(image_bgr), formats=zxingcpp.BarcodeFormat.QRCode)  # type: ignore[arg-type]
    return [result.text for result in results if result.valid]


def decode_pyzbar(image_bgr: np.ndarray) -> list[str]:
    """pyzbar over the system zbar library (libzbar0)."""
    from pyzbar import pyzbar

    results = pyzbar.decode(_grey(image_bgr), symbols=[pyzbar.ZBarSymbol.QRCODE])
    return [result.data.decode("utf-8", errors="replace") for result in results]


_opencv_local = threading.local()  # one detector per thread: cv2 detectors are not thread-safe


def decode_opencv(image_bgr: np.ndarray) -> list[str]:
    """OpenCV's QRCodeDetector (no extra dependency, slowest)."""
    detector = getattr(_opencv_local, "detector", None)
    if detector is None:
        detector = _opencv_local.detector = cv2.QRCodeDetector()
    text, _points, _straight = detector.detectAndDecode(_grey(image_bgr))
    return [text] if text else []


DECODERS: Mapping[str, Decoder] = MappingProxyType(
    {"zxing": decode_zxing, "pyzbar": decode_pyzbar, "opencv": decode_opencv}
)
DEFAULT_DECODER = "zxing"


def get(name: str) -> Decoder:
    """The decoder called name (zxing, pyzbar or opencv), its library imported now, in the calling thread:
    the worker that decodes must not be the first to import (and dlopen) it."""
    try:
        decoder = DECODERS[name]
    except KeyError:
        raise ValueError(f"unknown QR decoder {name!r}; choose one of {sorted(DECODERS)}") from None
    module = {"zxing": "zxingcpp", "pyzbar": "pyzbar.pyzbar"}.get(name)
    if module is not None:
        with contextlib.suppress(ImportError):  # reported by the decoder's first call, as before
            importlib.import_module(module)
    return decoder


def decode(image_bgr: np.ndarray, decoder: str = DEFAULT_DECODER) -> list[str]:
    """The texts of the QR codes in a BGR (or grey) frame."""
    return get(decoder)(image_bgr)
