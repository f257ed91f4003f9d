# One term page whose body the twin property test (test_twin_fidelity.py) writes over and
# over; the fewest features, so that each rebuild is quick.
extensions = ["myst_parser", "termpages", "termpages.publish"]
project = "Twin Glossary"
exclude_patterns = ["_build"]
html_baseurl = "https://glossary.example.com/"
# a writer's raw HTML stays in: the twins must show it as text, never pass it on
myst_disable_syntax: list[str] = []
termpages_categories = [{"id": "cat-one", "title": "Category One", "description": "Terms."}]
termpages_cta: dict[str, object] = {}
termpages_cta_default = ""
myst_enable_extensions = ["colon_fence", "deflist"]
