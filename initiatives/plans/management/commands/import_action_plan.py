"""Import an action plan's measures from CSV; running it again updates the plan instead of duplicating it."""
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from initiatives.plans.services import MAX_CSV_BYTES, action_plan_csv_parse, action_plan_import


class Command(BaseCommand):
    help = "Import an action plan from a CSV file (columns nr,title and optionally package,responsible,period,status)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--name", required=True, help="The action plan's name; an existing plan is updated.")
        parser.add_argument("--period", default="", help="The plan period, e.g. 2009–2012.")

    def handle(self, *args, file: Path, name: str, period: str, **options):
        try:
            with file.open("rb") as handle:
                data = handle.read(MAX_CSV_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            result = action_plan_import(name=name, rows=action_plan_csv_parse(data), period=period)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for item in result.rejected:
            self.stderr.write(f"Line {item['line']} rejected: {item['reason']}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.name}: {len(result.create)} created, {len(result.update)} updated, "
                f"{len(result.unchanged)} unchanged, {len(result.rejected)} rejected."
            )
        )
