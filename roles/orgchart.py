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

from types import SimpleNamespace

from django.utils.translation import gettext as _

MARGIN = 8
FRAME_PADDING = 16
ROW_GAP = 40
OUTSIDE_GAP = 64
MIN_BOX_HEIGHT = 80
LINE_HEIGHT = 16
LABEL_LINE_HEIGHT = 18
BOX_PADDING = 8  # left and right of a name inside its box
BOX_PADDING_Y = 12
NAME_SIZE, SUB_SIZE, LABEL_SIZE = 13, 12, 14  # px, as in site.css


# SVG text does not wrap by itself, so names are wrapped here, by words, at
# widths measured in advance: the advance widths (in em) of DejaVu Sans Bold,
# the widest of the fonts the stylesheet's font stack reaches, so that a
# name measured to fit fits in every browser. A character not listed counts
# as wide.
def _widths(chars, ems):
    return dict(zip(chars, map(float, ems.split()), strict=True))


EM = {
    **_widths("0123456789", " ".join(["0.696"] * 10)),
    **_widths(
        "abcdefghijklmnopqrstuvwxyz",
        "0.675 0.716 0.593 0.716 0.678 0.435 0.716 0.712 0.343 0.343 0.665 0.343 1.042 "
        "0.712 0.687 0.716 0.716 0.493 0.595 0.478 0.712 0.652 0.924 0.645 0.652 0.582",
    ),
    **_widths(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0.774 0.762 0.734 0.83 0.683 0.683 0.821 0.837 0.372 0.372 0.775 0.637 0.995 "
        "0.837 0.85 0.733 0.85 0.77 0.72 0.682 0.812 0.774 1.103 0.771 0.724 0.725",
    ),
    **_widths(
        " -'’()&,.:;/×…éëèêïöüóáàçÉË",
        "0.348 0.415 0.306 0.38 0.457 0.457 0.872 0.38 0.38 0.4 0.4 0.365 0.838 1.0 "
        "0.678 0.678 0.678 0.678 0.343 0.687 0.712 0.687 0.675 0.675 0.593 0.683 0.683",
    ),
}
WIDE = 1.0
SAFETY = 1.05


def text_width(text, size):
    return sum(EM.get(c, WIDE) for c in text) * size * SAFETY


def _count_text(position):
    if position.count_note:
        return position.count_note
    if position.count:
        return _("%(count)s×") % {"count": position.count}
    return ""


def _pieces(text):
    """
    Where a line may break: between words, and after a hyphen a word
    already has ("Socialemedia-" / "programmamanager"). Never inside a
    word otherwise, and no hyphen is ever added.
    """
    pieces = []  # (text, preceded by a space)
    for word in text.split():
        parts = word.split("-")
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            piece = part if last else part + "-"
            if piece:
                pieces.append((piece, i == 0))
    return pieces


def wrap(text, width, size=NAME_SIZE):
    """The lines of `text` within `width` px, broken only where _pieces() allows."""
    lines = []
    for piece, spaced in _pieces(text):
        joined = (lines[-1] + (" " if spaced else "") + piece) if lines else None
        if joined is not None and text_width(joined, size) <= width:
            lines[-1] = joined
        else:
            lines.append(piece)
    return lines or [""]


def widest_piece(text, size=NAME_SIZE):
    return max((text_width(piece, size) for piece, _s in _pieces(text)), default=0)


def _kind(position):
    if position.is_lead:
        return "lead"
    return "member" if position.placement == "in_team" else "outside"


def _sub_text(position, kind):
    if kind == "lead":
        return _("leidt het team")
    if kind == "outside":
        return _("buiten het team")
    return _count_text(position)


def _box(position, x, y, width, height, kind):
    lines = wrap(position.role.name, width - 2 * BOX_PADDING)
    sub = _sub_text(position, kind)
    top = y + (height - LINE_HEIGHT * (len(lines) + bool(sub))) / 2 + 12
    return {
        "kind": kind,
        "url": position.role.get_absolute_url(),
        "name": position.role.name,
        "x": x,
        "y": y,
        "width": width,
        "height": height,
        "cx": x + width / 2,
        "lines": [{"text": t, "y": top + i * LINE_HEIGHT} for i, t in enumerate(lines)],
        "sub": sub,
        "sub_y": top + len(lines) * LINE_HEIGHT,
    }


def _row(positions, y, inner_left, inner_width, box_width, gap, box_height, kind):
    count = len(positions)
    row_width = count * box_width + (count - 1) * gap
    x = inner_left + (inner_width - row_width) / 2
    return [
        _box(position, x + i * (box_width + gap), y, box_width, box_height, kind)
        for i, position in enumerate(positions)
    ]


def _beside_the_boxes(row, x, frame_left):
    """
    Where a vertical line near `x` passes a row of boxes without crossing
    one: `x` itself if it falls between boxes, else the gap left of the box
    it would cross, else (a single column) between the frame and the boxes.
    """
    for i, box in enumerate(row):
        if box["x"] <= x <= box["x"] + box["width"]:
            if i == 0:
                return (frame_left + box["x"]) / 2
            left = row[i - 1]
            return (left["x"] + left["width"] + box["x"]) / 2
    return x


def _chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


def layout(positions, team_name, columns, box_width, gap, max_width):
    """
    Boxes at least `box_width` wide, wider where a name's longest unbreakable
    part needs it; as many columns as fit `max_width` (the room the page gives
    the chart), so that the chart is drawn at its own size, never shrunk.
    """
    leads = [p for p in positions if p.is_lead]
    members = [p for p in positions if not p.is_lead and p.placement == "in_team"]
    outside = [p for p in positions if p.placement != "in_team"]
    needed = max((widest_piece(p.role.name) for p in positions), default=0)
    box_width = max(box_width, round(needed + 2 * BOX_PADDING + 0.5))
    fits = int((max_width - 2 * (MARGIN + FRAME_PADDING) + gap) // (box_width + gap))
    columns = max(1, min(columns, fits, max(len(leads), len(members), len(outside), 1)))
    # Wide enough for the longest word of the team's name above it.
    inner_width = max(
        columns * box_width + (columns - 1) * gap,
        widest_piece(team_name, LABEL_SIZE) + 24 - 2 * FRAME_PADDING,
    )
    most_lines = max(
        (
            len(wrap(p.role.name, box_width - 2 * BOX_PADDING)) + bool(_sub_text(p, _kind(p)))
            for p in positions
        ),
        default=1,
    )
    box_height = max(MIN_BOX_HEIGHT, most_lines * LINE_HEIGHT + 2 * BOX_PADDING_Y)
    frame_width = inner_width + 2 * FRAME_PADDING
    label_lines = wrap(team_name, frame_width - 24, LABEL_SIZE)
    frame = {
        "x": MARGIN,
        "y": MARGIN,
        "width": frame_width,
        "label_x": MARGIN + 12,
        "label": [
            {"text": t, "y": MARGIN + 21 + i * LABEL_LINE_HEIGHT} for i, t in enumerate(label_lines)
        ],
    }
    inner_left = frame["x"] + FRAME_PADDING
    y = frame["y"] + 12 + len(label_lines) * LABEL_LINE_HEIGHT + 8
    boxes, lines = [], []

    lead_boxes = []
    for row in _chunks(leads, columns):
        lead_boxes += _row(row, y, inner_left, inner_width, box_width, gap, box_height, "lead")
        y += box_height + ROW_GAP
    boxes += lead_boxes

    member_rows = [
        _row(
            row,
            y + i * (box_height + ROW_GAP),
            inner_left,
            inner_width,
            box_width,
            gap,
            box_height,
            "member",
        )
        for i, row in enumerate(_chunks(members, columns))
    ]
    for row in member_rows:
        boxes += row
    if lead_boxes and member_rows:
        # A trunk down from the lead(s), a bus above each row of members.
        # Past the first row the trunk runs beside the boxes, never behind
        # one: a line through a member would read as its own report line.
        trunk_x = inner_left + inner_width / 2
        lead_bottom = lead_boxes[-1]["y"] + box_height
        first_bus = member_rows[0][0]["y"] - ROW_GAP / 2
        last_bus = member_rows[-1][0]["y"] - ROW_GAP / 2
        lines.append({"x1": trunk_x, "y1": lead_bottom, "x2": trunk_x, "y2": first_bus})
        if len(member_rows) > 1:
            trunk_x = _beside_the_boxes(member_rows[0], trunk_x, frame["x"])
            lines.append({"x1": trunk_x, "y1": first_bus, "x2": trunk_x, "y2": last_bus})
        for row in member_rows:
            bus_y = row[0]["y"] - ROW_GAP / 2
            left = min(row[0]["cx"], trunk_x)
            right = max(row[-1]["cx"], trunk_x)
            lines.append({"x1": left, "y1": bus_y, "x2": right, "y2": bus_y})
            for box in row:
                lines.append({"x1": box["cx"], "y1": bus_y, "x2": box["cx"], "y2": box["y"]})
    if member_rows:
        y = member_rows[-1][0]["y"] + box_height
    elif lead_boxes:
        y -= ROW_GAP
    frame["height"] = max(y, frame["label"][-1]["y"] + 8) + FRAME_PADDING - frame["y"]

    outside_boxes, dashed = [], []
    height = frame["y"] + frame["height"] + MARGIN
    if outside:
        top = frame["y"] + frame["height"] + OUTSIDE_GAP
        for i, row in enumerate(_chunks(outside, columns)):
            outside_boxes += _row(
                row,
                top + i * (box_height + ROW_GAP),
                inner_left,
                inner_width,
                box_width,
                gap,
                box_height,
                "outside",
            )
        frame_bottom = frame["y"] + frame["height"]
        for box in outside_boxes[:columns]:
            dashed.append({"x1": box["cx"], "y1": frame_bottom, "x2": box["cx"], "y2": box["y"]})
        # Rows further down are joined to the team too, beside the boxes above.
        later = outside_boxes[columns:]
        if later:
            first = outside_boxes[:columns]
            side_x = _beside_the_boxes(first, first[0]["x"], frame["x"])
            last_y = later[-1]["y"] - ROW_GAP / 2
            dashed.append({"x1": side_x, "y1": frame_bottom, "x2": side_x, "y2": last_y})
            for box in later:
                stub_y = box["y"] - ROW_GAP / 2
                dashed.append({"x1": side_x, "y1": stub_y, "x2": box["cx"], "y2": stub_y})
                dashed.append({"x1": box["cx"], "y1": stub_y, "x2": box["cx"], "y2": box["y"]})
        height = outside_boxes[-1]["y"] + box_height + MARGIN
    return {
        "width": frame["width"] + 2 * MARGIN,
        "height": height,
        "frame": frame,
        "boxes": boxes + outside_boxes,
        "lines": lines,
        "dashed": dashed,
        "has_lead": bool(leads),
        "has_members": bool(members),
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
        # The main column of a team page on a desktop, and a phone's width.
        "wide": layout(positions, team.name, columns=4, box_width=164, gap=14, max_width=700),
        "narrow": layout(positions, team.name, columns=2, box_width=136, gap=12, max_width=340),
        "empty": not positions,
    }
