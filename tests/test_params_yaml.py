"""Parameter files: numbers as people write them are floats; a key given twice is an error."""

import re

import pytest
from click.testing import CliRunner

from gaplib.engine.cli import main
from gaplib.params import ParameterError, validate_params
from gaplib.params.yamlfile import read_yaml_mapping
from gaplib.params.yamlfile import load_yaml


def _file(tmp_path, text):
    path = tmp_path / "params.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "text, value",
    [("1e26", 1e26), ("1e+26", 1e26), ("1E26", 1e26), ("1.0e+26", 1e26), ("3.0e0", 3.0), (".5", 0.5),
     ("-2e-3", -2e-3), ("+4.5E1", 45.0), ("2.", 2.0), ("5.92", 5.92), ("-.25", -0.25)],
)
def test_number_forms_are_floats(tmp_path, text, value):
    loaded = read_yaml_mapping(_file(tmp_path, f"x: {text}\n"))
    assert loaded == {"x": value}
    assert type(loaded["x"]) is float


@pytest.mark.parametrize("text, value", [("3", 3), ("-12", -12), ("0", 0), ("true", True), ("fast", "fast"),
                                         ("2023-10", "2023-10"), ("e5", "e5"), ("1e", "1e"), ("1.5.3", "1.5.3")])
def test_other_scalars_keep_their_types(text, value):
    loaded = load_yaml(f"x: {text}\n")["x"]
    assert loaded == value and type(loaded) is type(value)


@pytest.mark.parametrize("text", ['"1e26"', "'3.0e0'", '"1E26"', "'-2e-3'"])
def test_a_quoted_number_stays_a_string(text):
    assert load_yaml(f"x: {text}\n") == {"x": text[1:-1]}


def test_the_default_as_gaplib_params_prints_it_is_accepted(tmp_path):
    path = _file(tmp_path, "frontier_run_flop: 1e26\n")
    assert validate_params("hardware", read_yaml_mapping(path)).frontier_run_flop == 1e26


def test_numbers_in_lists_and_nested_mappings(tmp_path):
    path = _file(tmp_path, "hardware:\n  frontier_run_flop: 1e25\ngrid:\n  x: [1e3, 2E3, .5]\n")
    assert read_yaml_mapping(path) == {"hardware": {"frontier_run_flop": 1e25}, "grid": {"x": [1000.0, 2000.0, 0.5]}}


def test_a_duplicate_top_level_key_names_the_key_and_its_line(tmp_path):
    path = _file(tmp_path, "# a variant\nseed: 1\nn_paths: 2000\nseed: 2\n")
    with pytest.raises(ParameterError, match="duplicate key 'seed' on line 4") as info:
        read_yaml_mapping(path)
    message = str(info.value)
    assert str(path) in message
    assert "duplicate key 'seed' on line 4 (first given on line 2)" in message


def test_a_duplicate_nested_key_names_the_key_and_its_line(tmp_path):
    text = "hardware:\n  utilisation_fraction: 0.3\nstrategy:\n  end_year: 2030\n  seed: 1\n  end_year: 2040\n"
    with pytest.raises(ParameterError, match=r"duplicate key 'end_year' on line 6 \(first given on line 4\)"):
        read_yaml_mapping(_file(tmp_path, text))


def test_a_duplicate_key_inside_a_list_of_rows(tmp_path):
    text = "rows:\n  - {seed: 1, seed: 2}\n"
    with pytest.raises(ParameterError, match="duplicate key 'seed' on line 2"):
        read_yaml_mapping(_file(tmp_path, text))


def test_the_same_key_in_different_mappings_is_not_a_duplicate(tmp_path):
    text = "leaders:\n  seed: 1\nstrategy:\n  seed: 2\n"
    assert read_yaml_mapping(_file(tmp_path, text)) == {"leaders": {"seed": 1}, "strategy": {"seed": 2}}


def test_a_merge_key_is_not_a_duplicate():
    text = "base: &b {seed: 1, n_paths: 2000}\nrun:\n  <<: *b\n  seed: 3\n"
    assert load_yaml(text)["run"] == {"seed": 3, "n_paths": 2000}


def test_run_rejects_a_parameters_file_with_a_duplicate_key(tmp_path):
    path = _file(tmp_path, "frontier_growth_per_year: 3.0\nfrontier_growth_per_year: 5.0\n")
    result = CliRunner().invoke(main, ["run", "hardware", "-f", str(path)])
    assert result.exit_code == 1
    assert "duplicate key 'frontier_growth_per_year' on line 2" in result.output
    assert "Traceback" not in result.output


# --- untrusted files: aliases bounded, size, encoding, keys and nesting ---

LAUGHS = "a: &a [" + ", ".join(["lol"] * 9) + "]\n" + "".join(
    f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n" for prev, name in zip("abcdefgh", "bcdefghi"))
# level a has 10 nodes (the list and 9 strings), each next level 1 + 9 * the one before; plus the mapping and 9 keys
LAUGHS_NODES = 10 + sum(10 * 9 ** k + sum(9 ** j for j in range(k)) for k in range(9))


def test_a_billion_laughs_file_is_refused_in_a_moment(tmp_path):
    path = _file(tmp_path, LAUGHS)
    assert path.stat().st_size < 600
    with pytest.raises(ParameterError, match=f"params.yaml: its aliases expand to {LAUGHS_NODES:,} values"):
        read_yaml_mapping(path)


def test_small_aliases_and_merges_still_load(tmp_path):
    text = "base: &b {seed: 1, n_paths: 2000}\nrun:\n  <<: *b\n  seed: 3\nagain: *b\n"
    assert read_yaml_mapping(_file(tmp_path, text))["again"] == {"seed": 1, "n_paths": 2000}


def test_expanded_size_counts_every_alias_once_per_use():
    import yaml

    from gaplib.params.yamlfile import expanded_size

    node = yaml.compose("a: &x [1, 2]\nb: [*x, *x]\n")
    # mapping 1 + key a 1 + [1, 2] 3 + key b 1 + [*x, *x] 1 + 2 * 3
    assert expanded_size(node) == 13


def test_a_file_above_the_size_limit_is_refused_before_parsing(tmp_path):
    path = _file(tmp_path, "seed: 1\n" + "#" * 2000 + "\n")
    with pytest.raises(ParameterError, match="params.yaml: larger than 1,000 bytes"):
        read_yaml_mapping(path, max_bytes=1000)
    assert read_yaml_mapping(path, max_bytes=3000) == {"seed": 1}


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_bytes("seed: 1\nname: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ParameterError, match=r"params.yaml: not UTF-8 text \(byte 0xe9 at offset 17\)"):
        read_yaml_mapping(path)


@pytest.mark.parametrize("text, key", [("1: 2\n", "1 of type int"), ("rows:\n  - {null: 3}\n", "None of type NoneType"),
                                       ("grid:\n  2030-01-01: [1]\n", "datetime.date(2030, 1, 1) of type date")])
def test_keys_that_are_not_names_are_refused(tmp_path, text, key):
    with pytest.raises(ParameterError, match=re.escape(f"params.yaml: keys must be names (text), got {key}")):
        read_yaml_mapping(_file(tmp_path, text))


def test_an_unhashable_key_is_one_line(tmp_path):
    with pytest.raises(ParameterError, match="params.yaml: not valid YAML at line 1, column 3: .*unhashable") as caught:
        read_yaml_mapping(_file(tmp_path, "? [1]\n: 2\n"))
    assert "\n" not in str(caught.value)


def test_deep_nesting_is_refused_in_one_line(tmp_path):
    with pytest.raises(ParameterError, match=r"params.yaml: nested deeper than 16 levels \(line 1\)"):
        read_yaml_mapping(_file(tmp_path, "x: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert read_yaml_mapping(_file(tmp_path, "x: " + "[" * 10 + "1" + "]" * 10 + "\n"))["x"] is not None


def test_a_self_referring_alias_is_refused(tmp_path):
    with pytest.raises(ParameterError, match="params.yaml: (an alias refers to a node that contains it|not valid)"):
        read_yaml_mapping(_file(tmp_path, "a: &a [1, *a]\n"))


def test_the_cli_reports_a_bomb_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["run", "hardware", "-f", str(_file(tmp_path, LAUGHS))])
    assert result.exit_code == 1 and "its aliases expand to" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
