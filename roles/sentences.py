"""Small rules of written Dutch the vacancy text keeps: capitals, closing marks, lists, amounts."""

import re

END_MARKS = (".", "!", "?", "…")


def lower_first(text):
    """'Interacties op gang brengen' -> 'interacties op gang brengen', but keep 'HR' or 'Intel'."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        first_word = text.split(None, 1)[0]
        # A capital inside the first word hints at a name (eBay, McKinsey).
        if not any(c.isupper() for c in first_word[1:]):
            return text[0].lower() + text[1:]
    return text


def upper_first(text):
    return text[:1].upper() + text[1:]


def full_stop(text):
    """One closing mark: 'samen' and 'samen..' both become 'samen.'; 'crisis?' stays."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\.{2,}$", ".", text)
    bare = text.rstrip("'\"’”)")
    if not text or bare.endswith(END_MARKS):
        return text
    return text + "."


def and_list(names):
    """'a', 'a en b', 'a, b en c'."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} en {names[-1]}"


def euros(amount):
    return "€ " + f"{amount:,}".replace(",", ".")
