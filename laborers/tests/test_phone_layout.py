"""Phone-sized screens (375 px): no page of the workspace scrolls sideways. Drives Debian's
chromium headless; skipped where it is not installed. Screenshots of the main pages land
in test-artifacts/screenshots/ for people to look at."""

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from xiushan_jobs.testing import make_episode, make_household, make_laborer, make_service

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def chromium(*args: str) -> str:
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout


@pytest.fixture
def phone_site(settings, live_server, village_a1, officer_a):
    settings.ROOT_URLCONF = "laborers.tests.phone_urls"
    settings.X_FRAME_OPTIONS = "SAMEORIGIN"
    settings.ALLOWED_HOSTS = ["*"]
    household = make_household(village_a1, relocated=True)
    laborer = make_laborer(
        household, name="欧阳晓燕", phone="13912345678", note="常年在外，春节回乡。" * 5
    )
    make_episode(laborer, employer="重庆市秀山土家族苗族自治县某某电子科技有限公司", place="秀山县")
    for _ in range(4):
        make_service(laborer, officer=officer_a, note="电话联系，介绍了县工业园区的岗位。")
    for i in range(12):
        make_laborer(village=village_a1, name=f"成员{i}")
    return live_server.url, laborer


def pages(laborer):
    return [
        reverse("laborers:workspace"),
        reverse("laborers:laborer_list"),
        reverse("laborers:laborer_list") + "?employment=unemployed&warning=not_updated",
        reverse("laborers:laborer_detail", args=[laborer.pk]),
        reverse("laborers:laborer_edit", args=[laborer.pk]),
        reverse("laborers:service_new", args=[laborer.pk]),
        reverse("laborers:episode_new", args=[laborer.pk]),
        reverse("laborers:household_list"),
        reverse("laborers:household_detail", args=[laborer.household_id]),
        reverse("laborers:warnings"),
        reverse("laborers:quality"),
        reverse("laborers:quality_list", args=["invalid"]),
    ]


def test_no_page_scrolls_sideways_on_a_phone(phone_site):
    base, laborer = phone_site
    query = urlencode([("user", "officer_a"), *[("u", u) for u in pages(laborer)]])
    dom = chromium("--virtual-time-budget=20000", "--dump-dom", f"{base}/__phone_check/?{query}")
    found = re.search(r'data-widths="([^"]+)"', dom)
    assert found, "the pages did not load in the browser"
    widths = json.loads(html.unescape(found.group(1)))
    assert set(widths) == set(pages(laborer))
    too_wide = {url: width for url, width in widths.items() if width > 375}
    assert not too_wide


def test_screenshots_for_people(phone_site):
    base, laborer = phone_site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "phone-laborer-list": reverse("laborers:laborer_list"),
        "phone-laborer-detail": reverse("laborers:laborer_detail", args=[laborer.pk]),
        "phone-service-three-taps": reverse("laborers:service_new", args=[laborer.pk]),
    }
    for name, url in shots.items():
        out = ARTIFACTS / f"{name}.png"
        query = urlencode({"user": "officer_a", "go": url})
        chromium(
            "--window-size=375,1600",
            "--virtual-time-budget=10000",
            f"--screenshot={out}",
            f"{base}/__phone_check/?{query}",
        )
        assert out.stat().st_size > 10_000, name
