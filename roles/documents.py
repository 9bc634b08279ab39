"""
Documents to download and edit: a vacancy text or a role profile as a Word
file (python-docx) or a PDF (fpdf2), from one simple structure of headings,
paragraphs and bulleted lists. The pages build a `Document`; this module
only knows how to write one.

A Word file keeps real headings (Word's "Heading 1/2" styles) and real
bulleted lists ("List Bullet"), so a recruiter can restyle and edit it
without cleaning up.
"""

from dataclasses import dataclass, field
from io import BytesIO

from docx import Document as WordDocument
from docx.shared import Pt, RGBColor
from fpdf import FPDF

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
NOTE_GREY = RGBColor(0x50, 0x5A, 0x5F)


@dataclass
class Bullet:
    lead: str  # set in bold, may be empty
    text: str = ""
    note: str = ""  # a quiet line under it (a source)


@dataclass
class Document:
    title: str
    blocks: list = field(default_factory=list)
    subject: str = ""

    def heading(self, text, level=1):
        self.blocks.append(("heading", text, level))

    def paragraph(self, text, note=False):
        if text:
            self.blocks.append(("note" if note else "paragraph", text))

    def bullets(self, bullets):
        if bullets:
            self.blocks.append(("bullets", list(bullets)))

    def page_break(self):
        self.blocks.append(("break",))

    def add_section(self, section, level=1):
        """A section with `heading`, `paragraphs` and `items` (roles/vacancy_text.py)."""
        if section.heading:
            self.heading(section.heading, level)
        for paragraph in section.paragraphs:
            self.paragraph(paragraph)
        self.bullets(
            Bullet(item.name, item.detail_in_line) if item.emphasis else Bullet("", item.as_line())
            for item in section.items
        )

    # Word.

    def as_docx(self):
        word = WordDocument()
        word.core_properties.title = self.title
        word.core_properties.subject = self.subject
        word.core_properties.language = "nl-NL"
        word.core_properties.author = "Rolwijzer"
        word.add_heading(self.title, level=0)
        for block in self.blocks:
            kind = block[0]
            if kind == "heading":
                word.add_heading(block[1], level=block[2])
            elif kind == "paragraph":
                word.add_paragraph(block[1])
            elif kind == "note":
                run = word.add_paragraph().add_run(block[1])
                run.font.size = Pt(9)
                run.font.color.rgb = NOTE_GREY
            elif kind == "bullets":
                for bullet in block[1]:
                    paragraph = word.add_paragraph(style="List Bullet")
                    if bullet.lead:
                        paragraph.add_run(bullet.lead).bold = True
                        if bullet.text:
                            paragraph.add_run(": ")
                    if bullet.text:
                        paragraph.add_run(bullet.text)
                    if bullet.note:
                        paragraph.add_run().add_break()
                        run = paragraph.add_run(bullet.note)
                        run.font.size = Pt(9)
                        run.font.color.rgb = NOTE_GREY
            elif kind == "break":
                word.add_page_break()
        out = BytesIO()
        word.save(out)
        return out.getvalue()

    # PDF, A4, in the PDF's built-in Helvetica.

    def as_pdf(self):
        pdf = FPDF(format="A4")
        # The built-in fonts know Windows-1252: Dutch accents, curly quotes,
        # dashes and the euro sign, so no font file has to ship.
        pdf.core_fonts_encoding = "windows-1252"
        pdf.set_title(_pdf_text(self.title))
        pdf.set_subject(_pdf_text(self.subject))
        pdf.set_lang("nl-NL")
        pdf.set_creator("Rolwijzer")
        pdf.set_margins(20, 18, 20)
        pdf.set_auto_page_break(True, margin=18)
        pdf.add_page()
        _pdf_lines(pdf, self.title, size=20, style="B", after=4)
        sizes = {1: 14, 2: 12, 3: 11}
        for block in self.blocks:
            kind = block[0]
            if kind == "heading":
                pdf.ln(3)
                _pdf_lines(pdf, block[1], size=sizes.get(block[2], 11), style="B", after=1)
            elif kind in ("paragraph", "note"):
                note = kind == "note"
                _pdf_lines(pdf, block[1], size=8.5 if note else 10.5, grey=note, after=2)
            elif kind == "bullets":
                for bullet in block[1]:
                    _pdf_bullet(pdf, bullet)
                pdf.ln(2)
            elif kind == "break":
                pdf.add_page()
        return bytes(pdf.output())


def _pdf_text(text):
    return text.encode("cp1252", "replace").decode("cp1252")


def _pdf_lines(pdf, text, size, style="", grey=False, after=0, indent=0):
    pdf.set_font("helvetica", style=style, size=size)
    pdf.set_text_color(80, 90, 95) if grey else pdf.set_text_color(11, 12, 12)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(0, size * 0.5, _pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")
    if after:
        pdf.ln(after)


def _pdf_bullet(pdf, bullet):
    pdf.set_font("helvetica", size=10.5)
    pdf.set_text_color(11, 12, 12)
    pdf.set_x(pdf.l_margin + 2)
    pdf.cell(4, 5.25, "-")
    pdf.set_font("helvetica", style="B" if bullet.lead else "", size=10.5)
    text = bullet.lead + (": " if bullet.lead and bullet.text else "")
    # One paragraph, the lead in bold: fpdf2's markdown takes **bold**.
    body = (f"**{_escape_md(text)}**" if text else "") + _escape_md(bullet.text)
    pdf.set_font("helvetica", size=10.5)
    pdf.multi_cell(
        0, 5.25, _pdf_text(body), markdown=True, align="L", new_x="LMARGIN", new_y="NEXT"
    )
    if bullet.note:
        _pdf_lines(pdf, bullet.note, size=8.5, grey=True, indent=6)
    pdf.ln(1)


def _escape_md(text):
    # fpdf2's markdown reads **, __ and -- as markup; a lone marker is literal.
    return text.replace("**", "* *").replace("__", "_ _").replace("--", "- -")
