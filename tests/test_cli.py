"""The gaplib command line rejects bad input before anything executes."""

from click.testing import CliRunner

from gaplib.cli import main


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_params_lists_every_chapter_with_ranges_and_units():
    result = invoke("params")
    assert result.exit_code == 0
    for chapter in ("leaders", "hardware", "algorithms", "funding", "geopolitics", "strategy"):
        assert f"{chapter}\n" in result.output
    assert "frontier_growth_per_year = 4.5  [float in [1.1, 20.0] x/year]" in result.output


def test_params_for_one_chapter():
    result = invoke("params", "leaders")
    assert result.exit_code == 0 and "horizon_years" in result.output and "hardware" not in result.output


def test_run_rejects_unknown_parameter_by_name():
    result = invoke("run", "hardware", "-p", "no_such_param", "1")
    assert result.exit_code != 0
    assert "no_such_param" in result.output and "unknown parameter" in result.output


def test_run_rejects_out_of_range_and_wrong_type():
    result = invoke("run", "hardware", "-p", "frontier_growth_per_year", "1000")
    assert result.exit_code != 0 and "frontier_growth_per_year" in result.output and "[1.1, 20.0]" in result.output
    result = invoke("run", "hardware", "-p", "include_planned", "maybe")
    assert result.exit_code != 0 and "include_planned" in result.output
    result = invoke("run", "hardware", "-p", "frontier_growth_per_year", "nan")
    assert result.exit_code != 0 and "finite" in result.output


def test_run_rejects_unknown_chapter():
    result = invoke("run", "economy")
    assert result.exit_code != 0 and "economy" in result.output


def test_run_rejects_a_parameters_file_that_is_not_a_mapping(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("- 1\n- 2\n")
    result = invoke("run", "hardware", "-f", str(bad))
    assert result.exit_code != 0 and "expected a mapping" in result.output


def test_build_rejects_unknown_chapter_in_variant(tmp_path):
    variant = tmp_path / "v.yaml"
    variant.write_text("economy:\n  x: 1\n")
    result = invoke("build", "--params", str(variant), "--out", str(tmp_path / "site"))
    assert result.exit_code != 0 and "economy" in result.output
    assert not (tmp_path / "site").exists()


def test_build_rejects_bad_parameter_before_executing(tmp_path):
    variant = tmp_path / "v.yaml"
    variant.write_text("strategy:\n  end_year: 1999\n")
    result = invoke("build", "--params", str(variant), "--out", str(tmp_path / "site"))
    assert result.exit_code != 0 and "end_year" in result.output
    assert not (tmp_path / "site").exists()
