"""Live guidance: the one or two most useful message ids for the citizen, from the assessment of a frame.

Directions are the citizen's own: the frame is unmirrored, the preview is mirrored, so "move_left" means the
citizen's left as they see themselves in the preview. The UI translates the ids; the texts below are the
source strings (wrap them in tr() with the context "guidance").
"""

from __future__ import annotations

from kiosk.photo.checks import PhotoAssessment

GUIDANCE_IDS = (
    "no_face",
    "several_faces",
    "move_closer",
    "move_back",
    "move_left",
    "move_right",
    "move_up",
    "move_down",
    "straighten_head",
    "face_front",
    "remove_hat",
    "remove_sunglasses",
    "open_eyes",
    "close_mouth",
    "more_light",
    "less_light",
    "check_background",
    "hold_still",
    "ready",
)

GUIDANCE_TEXT_JA = {
    "no_face": "カメラの前に座ってください",
    "several_faces": "お一人で撮影してください",
    "move_closer": "もう少し前へ",
    "move_back": "もう少し後ろへ",
    "move_left": "もう少し左へ",
    "move_right": "もう少し右へ",
    "move_up": "椅子を高くしてください",
    "move_down": "椅子を低くしてください",
    "straighten_head": "頭をまっすぐにしてください",
    "face_front": "正面を向いてください",
    "remove_hat": "帽子を外してください",
    "remove_sunglasses": "サングラスを外してください",
    "open_eyes": "目を開けてください",
    "close_mouth": "口を閉じてください",
    "more_light": "明るさが足りません。係員にお知らせください",
    "less_light": "明るすぎます。係員にお知らせください",
    "check_background": "背景のカーテンを閉めてください",
    "hold_still": "動かないでください",
    "ready": "そのままの姿勢で",
}

GUIDANCE_TEXT_EN = {
    "no_face": "Please sit in front of the camera",
    "several_faces": "Only one person, please",
    "move_closer": "Move a little closer",
    "move_back": "Move back a little",
    "move_left": "Move a little to your left",
    "move_right": "Move a little to your right",
    "move_up": "Raise the seat, please",
    "move_down": "Lower the seat, please",
    "straighten_head": "Keep your head straight",
    "face_front": "Look straight at the camera",
    "remove_hat": "Please take off your hat",
    "remove_sunglasses": "Please take off your sunglasses",
    "open_eyes": "Please open your eyes",
    "close_mouth": "Please close your mouth",
    "more_light": "Too dark. Please tell the staff",
    "less_light": "Too bright. Please tell the staff",
    "check_background": "Please close the curtain behind you",
    "hold_still": "Hold still",
    "ready": "Stay like that",
}


def _outside(a: PhotoAssessment, check_id: str) -> int:
    """-1 when a range check's value is below its range, +1 above, 0 inside (or not measured)."""
    r = a.results.get(check_id)
    if r is None or r.ok or r.value is None or not isinstance(r.threshold, tuple):
        return 0
    lo, hi = r.threshold
    return -1 if r.value < lo else (1 if r.value > hi else 0)


def _position(a: PhotoAssessment) -> list[str]:
    """Where the head sits wrong in the crop, as the citizen's own directions. The booth's crop follows the
    face as far as the frame allows, so a margin or the centring is off only near the frame's edges."""
    out = []
    # unmirrored frame: a face left of the photo's middle is near the image's left edge, on the citizen's
    # right: they move to their own left
    side = _outside(a, "face_position")
    if side:
        out.append("move_left" if side < 0 else "move_right")
    top, chin = _outside(a, "top_margin"), _outside(a, "chin_margin")
    if top < 0 or chin > 0:  # the crown too near the top edge, or too much below the chin: sit lower
        out.append("move_down")
    elif top > 0 or chin < 0:  # the chin too near the bottom edge: sit higher
        out.append("move_up")
    return out


def guidance(a: PhotoAssessment, limit: int = 2) -> list[str]:
    """The most useful message ids, most important first (at most limit); ["ready"] when every check passes."""
    r = a.results
    failed = set(a.failed)
    if a.face_count == 0:
        return ["no_face"]
    if a.face_count > 1:
        return ["several_faces"]
    out: list[str] = []
    size = _outside(a, "face_size")
    if size:
        out.append("move_closer" if size < 0 else "move_back")
    else:  # a head of the wrong size also moves the margins: its size first, then where it is
        out += _position(a)
    frontal = r.get("frontal")
    if frontal is not None and not frontal.ok and frontal.details:
        d = frontal.details
        roll_limit = max(abs(d.get("roll_deg", 0.0)), 1e-6)
        # straighten when the roll is the bigger share of the problem
        if abs(d.get("roll_deg", 0.0)) >= 8.0 and roll_limit >= max(
            abs(d.get("yaw_deg", 0)), abs(d.get("pitch_deg", 0))
        ):
            out.append("straighten_head")
        else:
            out.append("face_front")
    for check_id, message in (
        ("no_sunglasses", "remove_sunglasses"),
        ("no_hat", "remove_hat"),
        ("eyes_open", "open_eyes"),
        ("mouth_closed", "close_mouth"),
    ):
        if check_id in failed:
            out.append(message)
    exposure = r.get("exposure")
    if exposure is not None and not exposure.ok and exposure.value is not None:
        lo = exposure.threshold[0] if isinstance(exposure.threshold, tuple) else exposure.threshold
        out.append("more_light" if exposure.value < lo else "less_light")  # too bright: the mean or the clipping
    if "sharp" in failed:
        out.append("hold_still")
    if failed & {"background_plain", "background_no_shadow"}:
        out.append("check_background")
    if not out:
        return ["ready"] if not failed else ["hold_still"]
    return out[:limit]
