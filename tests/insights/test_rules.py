"""Who may do what with insights, per role."""
import pytest

ROLES = ["national", "coordinator", "editor", "facilitator", "viewer", "stranger", "other_coordinator"]
EXPECTED = {
    "insights.view_insights": {"national", "coordinator", "editor", "facilitator", "viewer"},
    "insights.change_insights": {"national", "coordinator", "editor", "facilitator"},
    "insights.manage_kuba": {"national", "coordinator"},
    "insights.publish_feedback": {"national", "coordinator"},
}


@pytest.mark.parametrize("perm", EXPECTED)
@pytest.mark.parametrize("role", ROLES)
def test_permission_per_role(request, initiative, perm, role):
    user = request.getfixturevalue(role)
    assert user.has_perm(perm, initiative) is (role in EXPECTED[perm])


def test_anonymous_may_do_nothing(initiative):
    from django.contrib.auth.models import AnonymousUser

    assert not any(AnonymousUser().has_perm(perm, initiative) for perm in EXPECTED)
