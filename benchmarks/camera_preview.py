"""Benchmark: OpenCvCamera frames/s on a 1280x720 video file, and CameraView paint time per 1280x720 frame."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ctypes

import cv2
import numpy as np
import PySide6
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from kiosk.devices.base import Frame
from kiosk.devices.camera import OpenCvCamera
from kiosk.ui.widgets.camera_view import CameraView

WIDTH, HEIGHT = 1280, 720


def survive_pyside_refcount_bug() -> bool:
    """Keep this benchmark alive under PySide6 6.12.0 on Python < 3.12.

    That build drops one reference to None on every call of a void method (update(), QTimer.stop(), ...) and
    one to True/False on every Signal.emit(); after a few thousand calls CPython aborts with "deallocating
    None" (Python 3.12 made these objects immortal, so the bug is harmless there, as it is with PySide6
    6.11). Here, and only here, the three objects get a huge reference count so the figures can be taken.
    """
    if sys.version_info >= (3, 12) or PySide6.__version__ != "6.12.0":
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    return True


def portrait_like_frames(count: int) -> list[np.ndarray]:
    """Frames with photo-like content (the astronaut portrait) drifting slowly, like a person in front."""
    try:
        from skimage import data

        face = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    except ImportError:
        face = np.random.default_rng(0).integers(0, 255, (512, 512, 3), dtype=np.uint8)
    face = cv2.resize(face, (HEIGHT, HEIGHT))
    base = np.full((HEIGHT, WIDTH, 3), (180, 170, 160), np.uint8)
    frames = []
    for i in range(count):
        frame = base.copy()
        x0 = (WIDTH - HEIGHT) // 2 + round(8 * np.sin(i / 7))
        frame[:, x0 : x0 + HEIGHT] = face
        frames.append(frame)
    return frames


def write_video(path: Path, frames: list[np.ndarray], fps: float = 30.0) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (WIDTH, HEIGHT))
    for frame in frames:
        writer.write(frame)
    writer.release()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def raw_read_fps(path: Path, seconds: float) -> float:
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        ok, _ = capture.read()
        if not ok:
            capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            continue
        count += 1
    capture.release()
    return count / (time.perf_counter() - started)


def camera_fps(app: QApplication, path: Path, seconds: float, paced: bool, view: CameraView | None) -> float:
    """Frames delivered to the GUI thread per second (optionally shown in a view)."""
    sleep = None if paced else (lambda _s: None)
    camera = OpenCvCamera(str(path), sleep=sleep)
    delivered = [0]

    def _on_frame_captured(frame: Frame) -> None:
        delivered[0] += 1
        if view is not None:
            view.show_frame(frame)

    camera.frame_captured.connect(_on_frame_captured)
    camera.start()
    while camera.latest() is None:
        app.processEvents()
    start_count, started = delivered[0], time.perf_counter()
    painted_before = view.frames_painted if view else 0
    while time.perf_counter() - started < seconds:
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - started
    camera.stop()
    if view is not None:
        return (view.frames_painted - painted_before) / elapsed
    return (delivered[0] - start_count) / elapsed


def paint_times(
    frames: list[np.ndarray], size: tuple[int, int], repeats: int
) -> tuple[list[float], list[float]]:
    """paintEvent time and whole repaint() time (ms) per new frame, with every overlay on."""
    view = CameraView()
    view.resize(*size)
    view.set_face_box(QRectF(0.4, 0.2, 0.2, 0.3))
    view.set_outline_state(True)
    view.set_countdown(3)
    view.show()
    QApplication.processEvents()
    walls = []
    view.paint_times_ms.clear()
    for i in range(repeats):
        view.show_frame(Frame(frames[i % len(frames)], i, 0.0))
        started = time.perf_counter()
        view.repaint()
        walls.append((time.perf_counter() - started) * 1000)
    paints = list(view.paint_times_ms)[5:]
    view.close()
    return paints, walls[5:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each frames/s measurement")
    parser.add_argument("--repeats", type=int, default=200, help="frames painted per widget size")
    args = parser.parse_args()

    if survive_pyside_refcount_bug():
        print(
            "note: PySide6 6.12.0 on Python 3.11 refcount bug worked around for this run (see the docstring)"
        )
    app = QApplication.instance() or QApplication(sys.argv)
    frames = portrait_like_frames(60)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rehearsal.avi"
        write_video(path, frames)
        print(
            f"video: {WIDTH}x{HEIGHT} MJPG .avi, {len(frames)} frames at 30 fps, {path.stat().st_size // 1024} KiB"
        )
        print(
            f"machine: {os.cpu_count()} cores, OpenCV {cv2.__version__}, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}"
        )
        print()
        print(f"{'capture':<58}{'frames/s':>10}")
        print(
            f"{'cv2.VideoCapture.read() loop, no Qt (decode ceiling)':<58}{raw_read_fps(path, args.seconds):>10.1f}"
        )
        print(
            f"{'OpenCvCamera, pacing off, frames delivered to GUI thread':<58}"
            f"{camera_fps(app, path, args.seconds, paced=False, view=None):>10.1f}"
        )
        print(
            f"{'OpenCvCamera, paced at the file rate (30 fps)':<58}"
            f"{camera_fps(app, path, args.seconds, paced=True, view=None):>10.1f}"
        )
        view = CameraView()
        view.resize(WIDTH, HEIGHT)
        view.show()
        print(
            f"{'OpenCvCamera paced -> CameraView 1280x720, frames painted':<58}"
            f"{camera_fps(app, path, args.seconds, paced=True, view=view):>10.1f}"
        )
        print(
            f"{'OpenCvCamera unpaced -> CameraView 1280x720, frames painted':<58}"
            f"{camera_fps(app, path, args.seconds, paced=False, view=view):>10.1f}"
        )
        view.close()
    print()
    print(
        f"{'CameraView, 1280x720 frame, all overlays':<42}{'paint p50':>10}{'p95':>8}{'repaint p50':>13}{'p95':>8}  ms"
    )
    for size in ((1280, 720), (1920, 1080), (1080, 1920), (640, 360)):
        paints, walls = paint_times(frames, size, args.repeats)
        print(
            f"{f'widget {size[0]}x{size[1]}':<42}{statistics.median(paints):>10.2f}{percentile(paints, 95):>8.2f}"
            f"{statistics.median(walls):>13.2f}{percentile(walls, 95):>8.2f}"
        )


if __name__ == "__main__":
    main()
