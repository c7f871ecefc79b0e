import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_officer_signs_in_on_a_phone_and_lands_in_their_area(
    browser, live_server, login, shot, officer_a, village_a1
):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    shot(page, "login")
    login(page, "officer_a")
    expect(page.locator(".who")).to_contain_text("中和街道")
    shot(page, "home")
    # nothing on the page is wider than the phone
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= PHONE["width"]
    context.close()


def test_wrong_password_shows_a_message_in_chinese(browser, live_server, login, officer_a):
    page = browser.new_page()
    login(page, "officer_a", "wrong-password")
    expect(page.locator(".msg-error")).to_contain_text("用户名")
    page.close()
