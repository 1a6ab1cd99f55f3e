"""Demo data: the two national action plans in shared/data, imported as a coordinator would."""
from pathlib import Path

from .models import ActionPlan
from .services import action_plan_csv_parse, action_plan_import

ACTION_PLANS = [
    # file, name, period
    ("gode-krefter-2009-2012.csv", "Gode krefter – handlingsplan mot kriminalitet 2009–2012", "2009–2012"),
    ("primaerstrategi-2018-2020.csv", "Primærstrategi for forebygging 2018–2020", "2018–2020"),
]


def load(stdout=None) -> None:
    """Both action plans from their CSV files; importing again only updates them."""
    folder = Path(__file__).parent / "data"
    for filename, name, period in ACTION_PLANS:
        if ActionPlan.objects.filter(name=name).exists():
            continue  # keep statuses edited in the demo
        rows = action_plan_csv_parse((folder / filename).read_bytes())
        action_plan_import(name=name, rows=rows, period=period)
