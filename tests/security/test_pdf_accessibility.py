"""Generated PDFs carry a title, a language and a tagged (logical) reading order."""
import io

from pypdf import PdfReader

from initiatives.plans import services as plan_services
from initiatives.plans.models import ActionPlan
from innbyggerstemmen.core.pdf import html_to_pdf


def catalog_facts(pdf: bytes) -> dict:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    return {
        "title": reader.metadata.title if reader.metadata else None,
        "lang": str(root.get("/Lang", "")),
        "tagged": bool(root.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in root,
        "text": "".join(page.extract_text() for page in reader.pages),
    }


def test_status_report_pdf_has_title_language_and_structure(db):
    plan_services.action_plan_import(
        name="Gode krefter",
        rows=[{"nr": "1", "package": "Kunnskap", "title": "Styrke kunnskapsgrunnlaget", "responsible": "JD", "period": "2009–2012", "status": "Igangsatt"}],
    )
    facts = catalog_facts(plan_services.status_report_pdf(plan=ActionPlan.objects.get()))
    assert facts["title"] and "Gode krefter" in facts["title"]
    assert facts["lang"].startswith("nb")
    assert facts["tagged"]
    assert "Styrke kunnskapsgrunnlaget" in facts["text"]


def test_the_check_notices_a_pdf_without_them(db):
    facts = catalog_facts(html_to_pdf("<html><body><p>Uten tittel</p></body></html>"))
    assert not facts["title"] and not facts["lang"]
