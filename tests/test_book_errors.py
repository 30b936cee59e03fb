"""A failed render reports Jupyter Book's cause, not only its closing traceback."""

from __future__ import annotations

from gaplib.engine.book import _render_failure

# Shortened from a real failure: a references.bib entry without its closing brace.
STDOUT = """Running Jupyter-Book v1.0.4.post1
parsing bibtex file /tmp/.x-stage/references.bib...
Extension error (sphinxcontrib.bibtex):
Handler <function builder_inited_cite> for event 'builder-inited' threw an exception (exception: syntax error in line 217: '}' expected)
"""
STDERR = "Traceback (most recent call last):\n" + "".join(
    f'  File "/venv/lib/python3.11/site-packages/click/core.py", line {n}, in invoke\n    return callback()\n'
    for n in range(30)) + "RuntimeError: \n=====\n\nThere was an error in building your book. Look above for the cause.\n"


def test_the_cause_of_a_failed_render_is_reported():
    message = _render_failure(STDOUT, STDERR)
    assert "syntax error in line 217: '}' expected" in message
    assert "Extension error (sphinxcontrib.bibtex)" in message
    assert "click/core.py" not in message


def test_output_without_a_named_problem_gives_its_last_lines():
    message = _render_failure("one\ntwo\n", "three\n", lines=2)
    assert message == "two\nthree"
