import pytest
from tests.e2e.test_catalogue_journey import published  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_shots(page, live_server, published, browser):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto("/thu-tuc/1.001193/")
    page.locator("#ways").screenshot(path="/tmp/s-proc-ways.png")
    page.locator("#documents table").first.screenshot(path="/tmp/s-proc-documents.png")
    page.goto("/thu-tuc/1.001146/")
    page.locator("#documents").screenshot(path="/tmp/s-proc-docs-1146.png")
    page.goto("/en/thu-tuc/?level=xyz&page=abc")
    page.screenshot(path="/tmp/s-bad-en.png")
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    m = ctx.new_page()
    m.goto("/thu-tuc/1.001612/")
    m.locator("#ways").screenshot(path="/tmp/s-mobile-ways.png")
    m.goto("/thu-tuc/1.001146/")
    m.locator("#documents").screenshot(path="/tmp/s-mobile-docs.png")
    ctx.close()
