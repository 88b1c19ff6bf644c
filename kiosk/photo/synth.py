"""Synthetic head turns: a frontal photo re-rendered with a real yaw, from the face mesh's own 3D landmarks.

Used by the simulated camera's "turned" scene and by the derived evaluation set (scripts/photo_set.py). A roll is
a 2D rotation of the picture; a yaw is not: the nose moves across the face and the far cheek narrows. Here the
468 mesh points are rotated about a vertical axis behind the face (orthographic projection, as the mesh model
itself assumes) and the picture is warped piecewise-affinely from the frontal points to the turned ones, nearest
triangles drawn last. A fixed ring of points around the head and the image border keep the hair outline, the
neck and the background where they were, as a sphere's outline does not change when it spins.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from kiosk.photo import faces as fm

# the head turns about a vertical axis this far behind the outer eye corners, in units of their distance
# (about the depth of the ears: the mesh puts its outline points 234/454 at about 0.6 of it)
_AXIS_DEPTH = 0.85
_RING_SCALE = (1.75, 1.45)  # the fixed ring around the face oval: width and height factors


def _ring(lm: np.ndarray, scale: tuple[float, float], n: int = 28) -> np.ndarray:
    oval = lm[list(fm.FACE_OVAL), :2]
    centre = oval.mean(0)
    ang = np.linspace(0, 2 * math.pi, n, endpoint=False)
    rx = (oval[:, 0].max() - oval[:, 0].min()) / 2 * scale[0]
    ry = (oval[:, 1].max() - oval[:, 1].min()) / 2 * scale[1]
    return np.column_stack([centre[0] + rx * np.cos(ang), centre[1] + ry * np.sin(ang)])


def turned_points(lm: np.ndarray, yaw_deg: float) -> np.ndarray:
    """The mesh points (N, 3) after a yaw of yaw_deg (positive: the nose moves towards the image right)."""
    ex = float(np.linalg.norm(lm[fm.MESH_EYE_OUTER_L, :2] - lm[fm.MESH_EYE_OUTER_R, :2]))
    eye_z = float((lm[fm.MESH_EYE_OUTER_L, 2] + lm[fm.MESH_EYE_OUTER_R, 2]) / 2)
    xc = float((lm[fm.MESH_CHEEK_L, 0] + lm[fm.MESH_CHEEK_R, 0]) / 2)
    zc = eye_z + _AXIS_DEPTH * ex  # mesh z grows away from the camera
    t = math.radians(yaw_deg)
    dx, dz = lm[:, 0] - xc, lm[:, 2] - zc
    out = lm.copy()
    out[:, 0] = xc + dx * math.cos(t) - dz * math.sin(t)
    out[:, 2] = zc + dx * math.sin(t) + dz * math.cos(t)
    return out


def _triangles(points: np.ndarray, w: int, h: int) -> np.ndarray:
    """Delaunay triangles over the points, as index triples (OpenCV's Subdiv2D returns float32 corners)."""
    sub = cv2.Subdiv2D((int(points[:, 0].min()) - 4, int(points[:, 1].min()) - 4,
                        int(points[:, 0].max() - points[:, 0].min()) + 9,
                        int(points[:, 1].max() - points[:, 1].min()) + 9))
    lookup: dict[tuple[float, float], int] = {}
    for i, p in enumerate(points.astype(np.float32)):
        key = (float(p[0]), float(p[1]))
        if key not in lookup:
            lookup[key] = i
            sub.insert(key)
    tris = []
    for t in sub.getTriangleList().astype(np.float32):
        corners = [(float(t[0]), float(t[1])), (float(t[2]), float(t[3])), (float(t[4]), float(t[5]))]
        if all(c in lookup for c in corners):
            tris.append([lookup[c] for c in corners])
    return np.array(tris, np.int32).reshape(-1, 3)


def warp_head(
    image: np.ndarray,
    landmarks: np.ndarray,
    moved: np.ndarray,
    alpha: np.ndarray | None = None,
    depth: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """The image (and its person alpha) warped so that the mesh points landmarks[:, :2] land on moved[:, :2].

    A fixed ring around the head keeps everything outside it in place; triangles are drawn far to near by
    depth (larger is farther), and a triangle the move turns over is hidden, not drawn.
    """
    h, w = image.shape[:2]
    lm = np.asarray(landmarks, np.float64)
    ring = _ring(lm, _RING_SCALE)
    outer = _ring(lm, (_RING_SCALE[0] * 1.3, _RING_SCALE[1] * 1.2), 20)
    x0, y0 = np.floor(outer.min(0)).astype(int) - 2
    x1, y1 = np.ceil(outer.max(0)).astype(int) + 2
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return image.copy(), None if alpha is None else alpha.copy()
    src = np.vstack([lm[:, :2], ring, outer])
    dst = np.vstack([np.asarray(moved, np.float64)[:, :2], ring, outer])
    z = np.zeros(len(lm)) if depth is None else np.asarray(depth, np.float64)
    depth_all = np.concatenate([z, np.full(len(ring) + len(outer), z.max() + 1.0)])
    tris = _triangles(src, w, h)
    if not len(tris):
        return image.copy(), None if alpha is None else alpha.copy()
    order = np.argsort(-depth_all[tris].mean(1), kind="stable")
    rw, rh = x1 - x0, y1 - y0
    owner = np.full((rh, rw), -1, np.int32)

    def signed_area(p: np.ndarray) -> float:
        (ax, ay), (bx, by) = p[1] - p[0], p[2] - p[0]
        return float(ax * by - ay * bx)

    for k in order:
        if signed_area(dst[tris[k]]) * signed_area(src[tris[k]]) <= 0:
            continue
        tri = np.round((dst[tris[k]] - [x0, y0]) * 4).astype(np.int32)
        cv2.fillConvexPoly(owner, tri, int(k), cv2.LINE_8, 2)
    # each target pixel's source position through its owner triangle's affine map (target -> source)
    mats = np.zeros((len(tris), 2, 3), np.float64)
    for k, tri in enumerate(tris):
        d = dst[tri].astype(np.float32)
        if abs(signed_area(d)) < 1e-6:
            mats[k] = [[1, 0, 0], [0, 1, 0]]
            continue
        mats[k] = cv2.getAffineTransform(d, src[tri].astype(np.float32))
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float64)
    inside = owner >= 0
    m = mats[np.maximum(owner, 0)]
    map_x = np.where(inside, m[..., 0, 0] * xx + m[..., 0, 1] * yy + m[..., 0, 2], xx).astype(np.float32)
    map_y = np.where(inside, m[..., 1, 0] * xx + m[..., 1, 1] * yy + m[..., 1, 2], yy).astype(np.float32)
    # soften the seams where triangles fold over (the far cheek): a smear reads as an edge, a sawtooth does not
    sigma = max(1.0, 0.012 * float(np.ptp(lm[:, 0])))
    map_x = cv2.GaussianBlur(map_x, (0, 0), sigma)
    map_y = cv2.GaussianBlur(map_y, (0, 0), sigma)
    out = image.copy()
    out[y0:y1, x0:x1] = cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    out_alpha = None
    if alpha is not None:
        out_alpha = alpha.copy()
        out_alpha[y0:y1, x0:x1] = cv2.remap(alpha, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    return out, out_alpha


def turn_head(
    image: np.ndarray, landmarks: np.ndarray, yaw_deg: float, alpha: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """The image (and its person alpha, if given) with the head turned by yaw_deg about a vertical axis."""
    moved = turned_points(np.asarray(landmarks, np.float64), yaw_deg)
    return warp_head(image, landmarks, moved, alpha, moved[:, 2])


def mouth_opening_rows(image: np.ndarray, landmarks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per image column between the mouth corners: the first and last row of what shows between the lips
    (checks.mouth_shows). Returns columns, top rows, bottom rows (bottom < top where nothing shows)."""
    from kiosk.photo.checks import mouth_shows

    shows, (x0, y0) = mouth_shows(image, landmarks)
    cols = np.arange(x0, x0 + shows.shape[1])
    if not shows.size:
        return cols, np.zeros(len(cols)), np.full(len(cols), -1.0)
    any_row = shows.any(0)
    top = np.where(any_row, shows.argmax(0), 0).astype(np.float64) + y0
    bottom = np.where(any_row, shows.shape[0] - 1 - shows[::-1].argmax(0), -1).astype(np.float64) + y0
    bottom[~any_row] = -1.0
    return cols, top, bottom


def close_mouth(
    image: np.ndarray, landmarks: np.ndarray, alpha: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """The image with the mouth closed the way a jaw closes it: what shows between the lips (teeth, an open
    mouth) is cut out of every column of the mouth, the lower lip and the chin move up by it, the skin beside
    the mouth is compressed smoothly instead and the neck stretches below the chin. A smile showing teeth
    becomes a closed-mouth smile. Returns the image, its alpha (if given) and the mesh points moved with it."""
    lm = np.asarray(landmarks, np.float64)
    cols, top, bottom = mouth_opening_rows(image, lm)
    gap = np.clip(bottom - top + 1, 0, None).astype(np.float32)
    if not len(cols) or gap.max() <= 0:
        return image.copy(), None if alpha is None else alpha.copy(), lm.copy()
    # a smooth gap along the mouth, wide enough to take every column's teeth
    gap = cv2.dilate(gap[None], np.ones((1, 5), np.uint8))[0]
    gap = cv2.GaussianBlur(gap[None], (0, 0), max(1.0, len(cols) / 40))[0] + 1.0
    meet = np.where(bottom >= top, top, np.nan)  # the top of the opening: the upper lip stays where it is
    known = ~np.isnan(meet)
    meet = np.interp(cols, cols[known], meet[known]).astype(np.float32)
    g_mid = float(np.max(gap))
    nose_y, chin_y = float(lm[2, 1]), float(lm[fm.MESH_CHIN, 1])
    neck_y = chin_y + 0.35 * (chin_y - nose_y)
    h, w = image.shape[:2]
    y0, y1 = max(0, int(nose_y)), min(h, int(neck_y) + 1)
    xs = np.arange(w, dtype=np.float32)
    yy = np.arange(y0, y1, dtype=np.float32)[:, None]
    c0, c1 = float(cols[0]), float(cols[-1])
    span = max(c1 - c0, 1.0)
    # how much a column is mouth (cut the opening out) rather than cheek (compress): 1 between the corners
    inside = np.clip(1.0 - np.maximum(c0 - xs, xs - c1) / (0.25 * span), 0, 1)[None, :]
    gap_x = np.interp(xs, cols, gap, left=0.0, right=0.0)[None, :]
    meet_x = np.interp(xs, cols, meet, left=float(meet[0]), right=float(meet[-1]))[None, :]
    # the mouth: below the opening, its gap growing to the chin's move; the cheek: a smooth ramp nose to chin
    s_mouth = np.clip((yy - meet_x) / np.maximum(chin_y - meet_x, 1.0), 0, 1)
    jump = np.where(yy >= meet_x, gap_x + (g_mid - gap_x) * s_mouth, 0.0)
    ramp = g_mid * np.clip((yy - nose_y) / max(chin_y - nose_y, 1.0), 0, 1)
    shift = inside * jump + (1 - inside) * ramp
    below = yy > chin_y  # the neck: the chin's move fading out
    shift = np.where(below, g_mid * np.clip((neck_y - yy) / max(neck_y - chin_y, 1.0), 0, 1), shift)
    src_y = (yy + shift).astype(np.float32)
    src_x = np.repeat(xs[None, :], y1 - y0, 0)
    out = image.copy()
    out[y0:y1] = cv2.remap(image, src_x, src_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    out_alpha = None
    if alpha is not None:
        out_alpha = alpha.copy()
        out_alpha[y0:y1] = cv2.remap(alpha, src_x, src_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    # the mesh moves with the picture: a point lands where the target row's source is that point
    moved = lm.copy()
    for i, (x, y) in enumerate(lm[:, :2]):
        if not (y0 <= y < y1):
            continue
        col = src_y[:, int(np.clip(round(x), 0, w - 1))]
        j = int(np.searchsorted(col, y))  # src_y grows with the target row
        moved[i, 1] = float(y0 + min(max(j, 0), len(col) - 1))
    return out, out_alpha, moved
