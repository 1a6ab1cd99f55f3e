"""Write an action plan's status report as PDF: the latest saved report, or today's status if there is none."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from initiatives.plans.models import ActionPlan
from initiatives.plans.services import status_report_pdf
from innbyggerstemmen.core.pdf import PdfTimeout


class Command(BaseCommand):
    help = "Write the status report of an action plan as PDF (the same PDF as the report page's download)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The action plan's name.")
        parser.add_argument("--pdf", type=Path, required=True, help="Where to write the PDF.")
        parser.add_argument("--report", type=int, help="The id of a saved status report (default: the latest).")
        parser.add_argument("--current", action="store_true", help="Today's statuses, not a saved report.")
        parser.add_argument("--language", default="nb", help="nb (default) or en.")

    def handle(self, *args, name, pdf: Path, report, current, language, **options):
        try:
            plan = ActionPlan.objects.get(name=name)
        except ActionPlan.DoesNotExist:
            known = ", ".join(ActionPlan.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f"No action plan is called {name!r}. Known plans: {known}.") from None
        reports = plan.status_reports.order_by("-as_of", "-id")
        chosen = None
        if not current:
            chosen = reports.filter(pk=report).first() if report else reports.first()
            if report and chosen is None:
                raise CommandError(f"The plan has no status report with id {report}.")
        with translation.override(language):
            try:
                data = status_report_pdf(plan=plan, report=chosen)
            except PdfTimeout as error:
                raise CommandError(str(error)) from None
        Path(pdf).write_bytes(data)
        what = chosen.title if chosen else "today's status"
        self.stdout.write(self.style.SUCCESS(f"Wrote {pdf} ({what}, {len(data) // 1024} kB)."))
