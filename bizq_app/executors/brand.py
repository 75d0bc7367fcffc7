"""A brand identity from the niche, audience, values and style the owner gives (offline).

Names are built from the niche's own words and a word list per style; colours come
from colour words in the owner's preferences (those after "no", "avoid", ... are
left out) or else from the niche's bundled palette adjusted for the style. Reads only
the input and BizQ's bundled niche data, never the store.
"""

from __future__ import annotations

import colorsys
import hashlib
import re
from typing import Any

from bizq_app.data.niches import Niche, NicheMatch, keywords_in, match_niche
from bizq_app.executors.market import clean, join_words
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

FONTS = {
    "modern": ("Inter", "Inter"),
    "minimal": ("Work Sans", "Work Sans"),
    "playful": ("Fredoka", "Nunito"),
    "luxury": ("Playfair Display", "Lato"),
    "rustic": ("Merriweather", "Source Sans 3"),
    "bold": ("Montserrat", "Open Sans"),
}
NAME_WORDS = {  # "{}" marks where the niche word goes
    "modern": ("{} Studio", "{} Lab", "{} Co.", "{} Supply"),
    "minimal": ("{} Goods", "{} Form", "{} Basics", "Plain {}"),
    "playful": ("{} Pop", "{} Club", "Happy {}", "{} Party"),
    "luxury": ("Maison {}", "Atelier {}", "{} Reserve", "{} & Co."),
    "rustic": ("{} Homestead", "{} Mill", "Old {} Trading Co.", "{} Hearth"),
    "bold": ("{} Republic", "{} Forge", "Rebel {}", "{} Works"),
}
TAGLINES = {
    "modern": "{Noun} for {audience}, made with {value}.",
    "minimal": "{Noun}. Nothing extra, just {value}.",
    "playful": "Big smiles for {audience}: {noun} with {value}!",
    "luxury": "The art of {noun}, for {audience}.",
    "rustic": "Honest {noun}, made the slow way with {value}.",
    "bold": "{Noun} for {audience}. No compromise on {value}.",
}
STYLE_VOICE = {
    "modern": (("clear", "confident"), "short sentences and plain words, no jargon"),
    "minimal": (("calm", "concise"), "few words, each one doing work; no exclamation marks"),
    "playful": (("cheerful", "witty"), "light puns, emoji used sparingly, lots of warmth"),
    "luxury": (("refined", "assured"), "unhurried sentences that dwell on materials and care"),
    "rustic": (("warm", "down-to-earth"), "stories about how things are made, like a neighbour"),
    "bold": (("direct", "energetic"), "strong verbs, short punchy lines, no hedging"),
}
LOGO_MOTIFS = {
    "modern": "a geometric wordmark with one simple abstract symbol",
    "minimal": "a single-weight line mark with generous empty space",
    "playful": "a rounded, friendly symbol with soft bouncy lettering",
    "luxury": "an elegant monogram with fine serifs and thin rules",
    "rustic": "a hand-drawn emblem or badge with a stamped texture",
    "bold": "a heavy, high-contrast wordmark with a strong icon",
}
STYLE_PALETTE = {"modern": 0, "minimal": 1, "playful": 2, "luxury": 0, "rustic": 1, "bold": 2}
STYLE_TONE = {  # (saturation factor, lightness shift) for chromatic colours
    "modern": (1.0, 0.0),
    "minimal": (0.6, 0.04),
    "playful": (1.2, 0.06),
    "luxury": (0.8, -0.1),
    "rustic": (0.75, -0.04),
    "bold": (1.3, -0.04),
}
LUXURY_ACCENT = "#C9A227"  # gold
COLOURS = {
    "red": "#D62828",
    "crimson": "#B0182F",
    "burgundy": "#800020",
    "maroon": "#7A1F2B",
    "pink": "#F4A6C0",
    "blush": "#F3D1D1",
    "rose": "#E8A0A8",
    "coral": "#FF7F50",
    "orange": "#F77F00",
    "peach": "#FFCBA4",
    "yellow": "#F4D35E",
    "mustard": "#E1AD01",
    "gold": "#C9A227",
    "golden": "#C9A227",
    "beige": "#E8DCCA",
    "cream": "#FFF8E7",
    "ivory": "#FFFFF0",
    "brown": "#8B5E3C",
    "tan": "#D2B48C",
    "terracotta": "#E2725B",
    "green": "#2D6A4F",
    "sage": "#9CAF88",
    "olive": "#708238",
    "mint": "#98E2C6",
    "emerald": "#2E8B57",
    "forest": "#228B22",
    "teal": "#008080",
    "turquoise": "#40E0D0",
    "aqua": "#00C2C7",
    "blue": "#1D4ED8",
    "navy": "#1B2A4A",
    "sky": "#87CEEB",
    "cobalt": "#0047AB",
    "purple": "#6A4C93",
    "lavender": "#B8A1D9",
    "lilac": "#C8A2C8",
    "violet": "#7F00FF",
    "plum": "#8E4585",
    "black": "#111111",
    "white": "#FFFFFF",
    "grey": "#8D8D8D",
    "gray": "#8D8D8D",
    "charcoal": "#36454F",
    "silver": "#C0C0C0",
    "rouge": "#D62828",
    "rot": "#D62828",
    "rojo": "#D62828",
    "bleu": "#1D4ED8",
    "blau": "#1D4ED8",
    "azul": "#1D4ED8",
    "vert": "#2D6A4F",
    "verde": "#2D6A4F",
    "grün": "#2D6A4F",
    "noir": "#111111",
    "schwarz": "#111111",
    "negro": "#111111",
}
NEGATIONS = frozenset({"no", "not", "avoid", "without", "except", "hate", "dislike", "never"})
CLAUSE = re.compile(r"[,.;:!?/\n]| but | however ")
TOKEN = re.compile(r"#[0-9a-fA-F]{6}\b|[^\W\d_]+")
SHADES = {"light": 0.2, "pale": 0.25, "pastel": 0.25, "dark": -0.2, "deep": -0.15}
BASE_HUES = frozenset({"red", "pink", "orange", "yellow", "green", "blue", "purple", "brown"})
NEUTRALS = ("#FFFFFF", "#1F1F1F", "#F5F5F5", "#6B7280")
PALETTE_SIZE = 4


def create_identity(run: Run, data: StoreData) -> dict[str, Any]:
    """Name, tagline, mission, colours, fonts, voice, values and a logo prompt.

    A ``business_name`` is kept as given; alternatives always come from the niche's
    words and the style's word list, so the same input gives the same names.
    """
    text = clean(run.input.get("niche"))
    match = match_niche(text)
    niche = match.niche
    style = run.input.get("style") or "modern"
    audience = clean(run.input.get("target_audience")) or niche.audience
    values = _values(run.input.get("values"), niche)
    noun = _noun(text, match)
    alternatives = _names(text, match, style)
    name = clean(run.input.get("business_name")) or alternatives[0]
    colors = _colors(clean(run.input.get("color_preferences")), niche, style)
    heading, body = FONTS[style]
    voice = _voice(style, niche, audience, noun)
    return {
        "name": name,
        "alternative_names": [n for n in alternatives if n.lower() != name.lower()][:4],
        "tagline": _tagline(style, noun, audience, values),
        "mission": _mission(name, audience, noun, values),
        "colors": colors,
        "fonts": {"heading": heading, "body": body},
        "voice": voice,
        "values": values,
        "logo_prompt": _logo_prompt(name, style, noun, audience, colors, values, niche),
    }


def _values(given: object, niche: Niche) -> list[str]:
    found: dict[str, str] = {}
    for value in given if isinstance(given, list) else []:
        text = clean(value)
        if text:
            found.setdefault(text.lower(), text)
    return list(found.values()) or list(niche.brand.values)


def _mission(name: str, audience: str, noun: str, values: list[str]) -> str:
    return f"{name} gives {audience} {noun} they can rely on, guided by {join_words(values)}."


def _noun(text: str, match: NicheMatch) -> str:
    """What the store sells, in the owner's own words when they are short."""
    if text and len(text.split()) <= 6:
        return text.lower()
    return match.niche.name.lower()


def _names(text: str, match: NicheMatch, style: str) -> list[str]:
    """Five names: each stem (the owner's matched words, then the niche's) in each
    style pattern, rotated by a digest of the input so that niches differ."""
    stems = _stems(text, match)
    patterns = NAME_WORDS[style]
    candidates = [
        patterns[(turn + k) % len(patterns)].format(stem)
        for turn in range(len(patterns))
        for k, stem in enumerate(stems)
    ]
    seed = int(hashlib.sha256(f"{text}|{style}".encode()).hexdigest(), 16)
    start = seed % len(candidates)
    ordered = candidates[start:] + candidates[:start]
    return list(dict.fromkeys(ordered))[:5]


def _stems(text: str, match: NicheMatch) -> list[str]:
    own = [w for w in keywords_in(text) if w in match.matched and w.isalpha() and len(w) > 2]
    niche = [w for k in match.niche.keywords for w in keywords_in(k) if w.isalpha()]
    fallback = [w for w in keywords_in(text) if w.isalpha() and len(w) > 2]
    stems: dict[str, str] = {}  # by their first five letters: "jewelry" and "jewellery" are one
    for word in [*own, *niche, *fallback, "goods"]:
        if len(word) > 2:
            stems.setdefault(word[:5], word.capitalize())
    return list(stems.values())[:3]


def _tagline(style: str, noun: str, audience: str, values: list[str]) -> str:
    template = TAGLINES[style]
    value = values[0].lower()
    return template.format(Noun=_capital(noun), noun=noun, audience=audience, value=value)


def _voice(style: str, niche: Niche, audience: str, noun: str) -> str:
    adjectives, guidance = STYLE_VOICE[style]
    words = list(dict.fromkeys(adjectives + niche.brand.voice))
    return (
        f"{_capital(join_words(words))}: {guidance}. Speak to {audience} as someone who knows "
        f"{noun} well."
    )


def _logo_prompt(
    name: str,
    style: str,
    noun: str,
    audience: str,
    colors: list[str],
    values: list[str],
    niche: Niche,
) -> str:
    adjectives = join_words(list(dict.fromkeys(STYLE_VOICE[style][0] + niche.brand.voice[:1])))
    return (
        f'A {style} logo for "{name}", a brand selling {noun} to {audience}: '
        f"{LOGO_MOTIFS[style]}. Colours {', '.join(colors[:3])}; lettering in the spirit of "
        f"{FONTS[style][0]}. It should feel {adjectives} and hint at {join_words(values[:3])}. "
        "Flat vector, simple shapes, legible at 32 px, plain background, no photorealism."
    )


def _colors(preferences: str, niche: Niche, style: str) -> list[str]:
    """The owner's colours first, then the style-adjusted niche palette, skipping
    colours close to any the owner wants to avoid."""
    wanted, avoided = _colour_words(preferences)
    palette = niche.brand.palettes[STYLE_PALETTE[style] % len(niche.brand.palettes)]
    adjusted = [_tone(c, style) for c in palette]
    if style == "luxury" and not any(_close(c, LUXURY_ACCENT) for c in adjusted):
        adjusted.insert(1, LUXURY_ACCENT)
    colors = list(dict.fromkeys(wanted))[:6]
    for candidate in [*adjusted, *NEUTRALS]:
        if len(colors) >= PALETTE_SIZE:
            break
        if candidate not in colors and not any(_close(candidate, a) for a in avoided):
            colors.append(candidate)
    return colors


def _colour_words(preferences: str) -> tuple[list[str], list[str]]:
    """Hex colours the text asks for and those it rules out ("no red", "avoid pink");
    "light"/"dark" shade the next colour and "forest green" is one colour, not two."""
    wanted: list[str] = []
    avoided: list[str] = []
    for clause in CLAUSE.split(f" {preferences.lower()} "):
        negated, shade, previous = False, 0.0, None
        for token in TOKEN.findall(clause):
            negated = negated or token in NEGATIONS
            colour = _hex(token)
            if colour is None:
                shade, previous = SHADES.get(token, shade), None
                continue
            if previous is not None and token in BASE_HUES:
                continue  # "navy blue": the first word already named it
            colour = _shaded(colour, shade) if shade else colour
            (avoided if negated else wanted).append(colour)
            shade, previous = 0.0, colour
    return wanted, avoided


def _hex(token: str) -> str | None:
    if token.startswith("#"):
        return token.upper()
    if token in COLOURS:
        return COLOURS[token]
    if token.endswith("s") and token[:-1] in COLOURS:  # "greens", "blues"
        return COLOURS[token[:-1]]
    return None


def _tone(colour: str, style: str) -> str:
    hue, light, sat = _hls(colour)
    if sat < 0.12 or light > 0.93 or light < 0.1:  # neutrals stay as they are
        return colour
    factor, shift = STYLE_TONE[style]
    return _hex_of(hue, min(0.9, max(0.12, light + shift)), min(1.0, sat * factor))


def _shaded(colour: str, shift: float) -> str:
    hue, light, sat = _hls(colour)
    return _hex_of(hue, min(0.95, max(0.08, light + shift)), sat)


def _close(colour: str, avoided: str) -> bool:
    hue, light, sat = _hls(colour)
    a_hue, a_light, a_sat = _hls(avoided)
    if a_sat < 0.15:  # avoiding black, white or grey
        return sat < 0.15 and abs(light - a_light) < 0.25
    distance = min(abs(hue - a_hue), 1 - abs(hue - a_hue))
    return sat >= 0.2 and distance < 0.06


def _hls(colour: str) -> tuple[float, float, float]:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(red, green, blue)


def _hex_of(hue: float, light: float, sat: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, light, sat)
    return "#" + "".join(f"{round(v * 255):02X}" for v in (red, green, blue))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
