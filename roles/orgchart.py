"""
The organisation chart of a team structure, laid out on the server and drawn
as inline SVG by templates/includes/org_chart.html: whoever leads the team on
top, the members below, and the roles that work with the team from outside
drawn apart, joined to it by a dashed line.

Only geometry is computed here; colours, line styles and type come from the
stylesheet through classes (the Content-Security-Policy forbids inline
styles). Two layouts are made, a wide one and a narrow one for phones, and
the stylesheet shows one of them.
"""

import re
from types import SimpleNamespace

from django.utils.translation import gettext as _

MARGIN = 8
FRAME_PADDING = 16
FRAME_LABEL = 30
ROW_GAP = 40
OUTSIDE_GAP = 64
BOX_HEIGHT = 80
LINE_HEIGHT = 16
NAME_LINES = 3


def _count_text(position):
    if position.count_note:
        return position.count_note
    if position.count:
        return _("%(count)s×") % {"count": position.count}
    return ""


def wrap(text, chars):
    """
    Lines of at most `chars`. Words break after their own hyphens first
    ("Socialemedia-" / "programmamanager"); a word still too long is broken
    with an added hyphen.
    """
    pieces = []  # (text, preceded by a space)
    for word in text.split():
        for i, part in enumerate(re.findall(r"[^-]+-?|-", word)):
            spaced = i == 0
            while len(part) > chars:
                pieces.append((part[: chars - 1] + "-", spaced))
                part, spaced = part[chars - 1 :], False
            pieces.append((part, spaced))
    lines = []
    for part, spaced in pieces:
        joined = (lines[-1] + (" " if spaced else "") + part) if lines else None
        if joined is not None and len(joined) <= chars:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines or [""]


def _box(position, x, y, width, chars, kind):
    # SVG text does not wrap by itself; `chars` is what fits a line of the
    # box in the stylesheet's 13px bold type.
    wrapped = wrap(position.role.name, chars)
    lines = wrapped[:NAME_LINES]
    if len(wrapped) > NAME_LINES:
        lines[-1] = lines[-1][: chars - 1] + "…"
    if kind == "lead":
        sub = _("leidt het team")
    elif kind == "outside":
        sub = _("buiten het team")
    else:
        sub = _count_text(position)
    top = y + (BOX_HEIGHT - LINE_HEIGHT * (len(lines) + bool(sub))) / 2 + 12
    return {
        "kind": kind,
        "x": x,
        "y": y,
        "width": width,
        "height": BOX_HEIGHT,
        "cx": x + width / 2,
        "lines": [{"text": t, "y": top + i * LINE_HEIGHT} for i, t in enumerate(lines)],
        "sub": sub,
        "sub_y": top + len(lines) * LINE_HEIGHT,
    }


def _row(positions, y, inner_left, inner_width, box_width, gap, chars, kind):
    count = len(positions)
    row_width = count * box_width + (count - 1) * gap
    x = inner_left + (inner_width - row_width) / 2
    return [
        _box(position, x + i * (box_width + gap), y, box_width, chars, kind)
        for i, position in enumerate(positions)
    ]


def _chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


def layout(positions, columns, box_width, gap, chars):
    leads = [p for p in positions if p.is_lead]
    members = [p for p in positions if not p.is_lead and p.placement == "in_team"]
    outside = [p for p in positions if p.placement != "in_team"]
    columns = max(1, min(columns, max(len(leads), len(members), len(outside), 1)))
    inner_width = columns * box_width + (columns - 1) * gap
    frame = {
        "x": MARGIN,
        "y": MARGIN,
        "width": inner_width + 2 * FRAME_PADDING,
        "label_x": MARGIN + 12,
        "label_y": MARGIN + 21,
    }
    inner_left = frame["x"] + FRAME_PADDING
    y = frame["y"] + FRAME_LABEL
    boxes, lines = [], []

    lead_boxes = []
    for row in _chunks(leads, columns):
        lead_boxes += _row(row, y, inner_left, inner_width, box_width, gap, chars, "lead")
        y += BOX_HEIGHT + ROW_GAP
    boxes += lead_boxes

    member_rows = [
        _row(
            row,
            y + i * (BOX_HEIGHT + ROW_GAP),
            inner_left,
            inner_width,
            box_width,
            gap,
            chars,
            "member",
        )
        for i, row in enumerate(_chunks(members, columns))
    ]
    for row in member_rows:
        boxes += row
    if lead_boxes and member_rows:
        # A trunk down from the lead(s), a bus above each row of members.
        trunk_x = inner_left + inner_width / 2
        lead_bottom = lead_boxes[-1]["y"] + BOX_HEIGHT
        last_bus = member_rows[-1][0]["y"] - ROW_GAP / 2
        lines.append({"x1": trunk_x, "y1": lead_bottom, "x2": trunk_x, "y2": last_bus})
        for row in member_rows:
            bus_y = row[0]["y"] - ROW_GAP / 2
            left = min(row[0]["cx"], trunk_x)
            right = max(row[-1]["cx"], trunk_x)
            lines.append({"x1": left, "y1": bus_y, "x2": right, "y2": bus_y})
            for box in row:
                lines.append({"x1": box["cx"], "y1": bus_y, "x2": box["cx"], "y2": box["y"]})
    if member_rows:
        y = member_rows[-1][0]["y"] + BOX_HEIGHT
    elif lead_boxes:
        y -= ROW_GAP
    frame["height"] = max(y, frame["y"] + FRAME_LABEL) + FRAME_PADDING - frame["y"]

    outside_boxes, dashed = [], []
    height = frame["y"] + frame["height"] + MARGIN
    if outside:
        top = frame["y"] + frame["height"] + OUTSIDE_GAP
        for i, row in enumerate(_chunks(outside, columns)):
            outside_boxes += _row(
                row,
                top + i * (BOX_HEIGHT + ROW_GAP),
                inner_left,
                inner_width,
                box_width,
                gap,
                chars,
                "outside",
            )
        frame_bottom = frame["y"] + frame["height"]
        for box in outside_boxes[:columns]:
            dashed.append({"x1": box["cx"], "y1": frame_bottom, "x2": box["cx"], "y2": box["y"]})
        height = outside_boxes[-1]["y"] + BOX_HEIGHT + MARGIN
    return {
        "width": frame["width"] + 2 * MARGIN,
        "height": height,
        "frame": frame,
        "boxes": boxes + outside_boxes,
        "lines": lines,
        "dashed": dashed,
        "has_outside": bool(outside),
    }


def merge_positions(positions):
    """
    One entry per role: two articles may each place the same role in a team.
    The role leads if any article says so; the facts keep every source.
    """
    merged = {}
    for position in positions:
        entry = merged.get(position.role_id)
        if entry is None:
            entry = merged[position.role_id] = SimpleNamespace(
                role=position.role,
                is_lead=False,
                placement=position.placement,
                count=position.count,
                count_note=position.count_note,
                facts=[],
            )
        entry.is_lead = entry.is_lead or position.is_lead
        if position.placement == "in_team":
            entry.placement = "in_team"
        entry.count = entry.count or position.count
        entry.count_note = entry.count_note or position.count_note
        entry.facts.append(position)
    return list(merged.values())


def _names(positions):
    return ", ".join(p.role.name for p in positions)


def org_chart(team, positions):
    """
    Both layouts, plus the accessible title and description, for positions
    as merged by merge_positions().
    """
    leads = [p for p in positions if p.is_lead]
    members = [p for p in positions if not p.is_lead and p.placement == "in_team"]
    outside = [p for p in positions if p.placement != "in_team"]
    parts = []
    if leads:
        parts.append(_("Leiding: %(names)s.") % {"names": _names(leads)})
    if members:
        parts.append(_("In het team: %(names)s.") % {"names": _names(members)})
    if outside:
        parts.append(
            _("Buiten het team, werkt ermee samen: %(names)s.") % {"names": _names(outside)}
        )
    return {
        "title": _("Organisatieschema van %(team)s") % {"team": team.name},
        "description": " ".join(parts),
        "team": team.name,
        "wide": layout(positions, columns=4, box_width=164, gap=14, chars=17),
        "narrow": layout(positions, columns=2, box_width=150, gap=12, chars=14),
        "empty": not positions,
    }
