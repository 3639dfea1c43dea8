"""Reading the home pages."""

import re


def section(html: str, section_id: str) -> str:
    """The HTML of one home-page section, from the element with that id to the next section that has an id."""
    match = re.search(rf'<(?:section|div)[^>]*\bid="{section_id}".*?(?=<section[^>]*\bid=|\Z)', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def plan_links(html: str) -> list[int]:
    """The ids of the plans the HTML links to, in order."""
    return [int(plan_id) for plan_id in re.findall(r'href="/plans/(\d+)"', html)]
