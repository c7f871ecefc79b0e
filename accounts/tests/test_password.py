"""Every signed-in user changes their own password (leaders included), in Chinese, with
the project's password rules; the old password stops working."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
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


def _change(client, old, url="password_change", ip="10.0.0.1"):
    return client.post(
        reverse(url),
        {"old_password": old, "new_password1": NEW, "new_password2": NEW},
        REMOTE_ADDR=ip,
    )


def test_guessing_the_old_password_is_throttled_like_a_login(
    client, leader_with_password, settings
):
    client.force_login(leader_with_password)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _change(client, "guess")
        assert response.status_code == 200
        assert "old_password" in response.context["form"].errors
    locked = _change(client, "guess")
    assert locked.status_code == 429 and "已暂时锁定" in locked.content.decode()
    # while locked, the right old password is refused too, and nothing changes …
    assert _change(client, OLD).status_code == 429
    leader_with_password.refresh_from_db()
    assert leader_with_password.check_password(OLD)
    # … and the same count holds the login page for that user name and address
    login = Client().post(
        reverse("login"), {"username": "leader", "password": OLD}, REMOTE_ADDR="10.0.0.1"
    )
    assert login.status_code == 429
    # from another address the user is not locked out
    assert _change(client, OLD, ip="10.0.0.2").status_code == 302


def test_login_failures_and_old_password_guesses_count_together(
    client, leader_with_password, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        Client().post(
            reverse("login"), {"username": "leader", "password": "x"}, REMOTE_ADDR="10.0.0.1"
        )
    client.force_login(leader_with_password)
    assert _change(client, "guess").status_code == 429


def test_the_admins_password_page_is_throttled_too(client, county_user, settings):
    county_user.set_password(OLD)
    county_user.is_staff = True
    county_user.save()
    client.force_login(county_user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _change(client, "guess", url="admin:password_change").status_code == 200
    assert _change(client, "guess", url="admin:password_change").status_code == 429
    assert _change(client, OLD, url="admin:password_change").status_code == 429
    county_user.refresh_from_db()
    assert county_user.check_password(OLD)
