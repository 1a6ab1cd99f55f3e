"""The bursts' phones fill forms as people do, and the results table says when a target is missed."""
from bench.bursts import filled_form, table_lines

FORM = """
<form><input type="hidden" name="csrfmiddlewaretoken" value="abc">
<input type="hidden" name="started" value="s&amp;t">
<input type="text" name="website" value="">
<input type="text" name="name_or_nickname">
<input type="email" name="email">
<input type="radio" name="q_1" value="Sentrum"><input type="radio" name="q_1" value="Utenfor">
<input type="checkbox" name="q_3" value="Jobbet"><input type="checkbox" name="consent">
<textarea name="q_4"></textarea>
<select name="age_group"><option value="">Velg</option><option value="13-15">13–15</option></select></form>
"""


def test_a_form_is_filled_as_a_person_fills_it():
    fields = filled_form(FORM, 7, {"email": "kari@example.no"})
    assert fields["started"] == "s&t" and fields["csrfmiddlewaretoken"] == "abc"
    assert fields["website"] == ""  # the honeypot stays empty
    assert fields["email"] == "kari@example.no" and fields["name_or_nickname"] == "Svar 7"
    assert fields["q_1"] == "Sentrum" and fields["q_3"] == "Jobbet" and fields["consent"] == "on"
    assert fields["q_4"].startswith("Mer å gjøre") and fields["age_group"] == "13-15"


def test_the_table_says_when_a_burst_lost_or_refused_anything():
    figures = {"burst.survey.sent": 400, "burst.survey.accepted": 399, "burst.survey.refused": 1,
               "burst.survey.stored": 399, "burst.survey.lost": 0, "burst.survey.latency.p50": 30,
               "burst.survey.latency.p95": 60, "burst.survey.seconds": 120}
    [line] = table_lines(figures.get)
    assert "399 accepted, 1 refused" in line and line.endswith("not met).")
    figures.update({"burst.survey.accepted": 400, "burst.survey.refused": 0, "burst.survey.stored": 400})
    assert table_lines(figures.get)[0].endswith(": ok).")
    assert table_lines({}.get) == []
