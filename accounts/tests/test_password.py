"""Every signed-in user changes their own password (leaders included), in Chinese, with
the project's password rules; the old password stops working."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

OLD, NEW = "xiushan2020", "Qingxi-river-2020"


@pytest.fixture
def leader_with_password(leader):
    leader.set_password(OLD)
    leader.save()
    return leader


def test_a_leader_changes_their_own_password(client, leader_with_password):
    client.force_login(leader_with_password)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert reverse("password_change") in page  # linked from every page
    response = client.post(
        reverse("password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    assert "密码已修改" in client.get(response.url).content.decode()  # still signed in
    user = get_user_model().objects.get(pk=leader_with_password.pk)
    assert user.check_password(NEW) and not user.check_password(OLD)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("wrong", NEW, "旧密码不正确"),
        (OLD, "Ab1-x", "密码太短，至少需要 8 个字符"),
        (OLD, "12345678", "只包含数字"),
    ],
)
def test_bad_passwords_are_refused_in_chinese(client, leader_with_password, old, new, message):
    client.force_login(leader_with_password)
    response = client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200 and message in response.content.decode()
    leader_with_password.refresh_from_db()
    assert leader_with_password.check_password(OLD)


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
