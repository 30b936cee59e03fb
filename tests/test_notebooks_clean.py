"""Chapter notebooks are stored without outputs and follow the parameters-cell contract."""

import ast
import json

import pytest

from gaplib.engine.runner import chapter_notebook
from gaplib.params import NOTEBOOKS


@pytest.mark.parametrize("chapter", list(NOTEBOOKS))
def test_stored_without_outputs_and_code_hidden_for_readers(chapter):
    notebook = json.loads(chapter_notebook(chapter).read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{chapter}: a code cell has outputs"
            assert cell["execution_count"] is None, f"{chapter}: a code cell has an execution count"
            assert "hide-input" in cell["metadata"].get("tags", []), f"{chapter}: code cell without hide-input"


@pytest.mark.parametrize("chapter", list(NOTEBOOKS))
def test_parameters_cell_matches_the_schema(chapter):
    """The first code cell is tagged `parameters` and holds exactly the schema's defaults."""
    notebook = json.loads(chapter_notebook(chapter).read_text())
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    first = code_cells[0]
    assert "parameters" in first["metadata"].get("tags", [])
    source = "".join(first["source"])
    values = {}
    for node in ast.parse(source).body:
        assert isinstance(node, ast.AnnAssign), f"{chapter}: parameters cell holds only annotated literals"
        values[node.target.id] = ast.literal_eval(node.value)
    for line in source.splitlines():
        if line.strip():
            assert "#" in line, f"{chapter}: parameter line without a comment: {line!r}"
            assert "=" not in line.split("#", 1)[1], f"{chapter}: papermill cannot parse '=' in a comment: {line!r}"
    schema = NOTEBOOKS[chapter]
    assert values == {name: field.default for name, field in schema.model_fields.items()}
    second = "".join(code_cells[1]["source"])
    assert f'validate_namespace("{chapter}", globals())' in second, f"{chapter}: second cell must validate"


@pytest.mark.parametrize("chapter", list(NOTEBOOKS))
def test_notebooks_define_no_functions(chapter):
    notebook = json.loads(chapter_notebook(chapter).read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            tree = ast.parse("".join(cell["source"]))
            assert not any(isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda) for n in ast.walk(tree)), chapter


@pytest.mark.parametrize("chapter", list(NOTEBOOKS))
def test_papermill_sees_every_parameter(chapter):
    """Papermill skips (with only a warning) a parameter line it cannot parse, e.g. '=' in a comment."""
    import papermill

    inferred = papermill.inspect_notebook(str(chapter_notebook(chapter)))
    assert list(inferred) == list(NOTEBOOKS[chapter].model_fields)
