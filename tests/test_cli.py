"""The gaplib command line rejects bad input before anything executes."""

import re

from click.testing import CliRunner

from gaplib.engine.cli import main


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_params_lists_every_chapter_with_ranges_and_units():
    result = invoke("params")
    assert result.exit_code == 0
    for chapter in ("leaders", "hardware", "algorithms", "research", "funding", "geopolitics", "strategy"):
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


def test_run_rejects_an_inverted_interval_naming_both_parameters():
    result = invoke("run", "algorithms", "-p", "halving_time_low_months", "20")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "halving_time_low_months (20.0) must be at most halving_time_months (8.0)" in result.output


def test_run_rejects_scenario_weights_that_do_not_sum_to_one():
    result = invoke("run", "strategy", "-p", "weight_status_quo", "0.9", "-p", "weight_cost_shock", "0.2")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "weight_status_quo (0.9)" in result.output and "weight_cost_shock (0.2)" in result.output
    assert re.search(r"must sum to 1, got 1\.\d+", result.output)


def test_run_rejects_a_rule_broken_between_a_file_and_the_command_line(tmp_path):
    values = tmp_path / "p.yaml"
    values.write_text("halving_time_months: 10.0\nhalving_time_high_months: 12.0\n")
    result = invoke("run", "algorithms", "-f", str(values), "-p", "halving_time_months", "13")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "halving_time_months (13.0) must be at most halving_time_high_months (12.0)" in result.output


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


def test_running_one_chapter_does_not_load_the_book_builder(tmp_path):
    # `gaplib run` starts faster without gaplib.engine.build (and Jupyter Book's side of the engine).
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from gaplib.engine import runner\n"
        "from gaplib.engine.cli import main\n"
        "from gaplib.engine.execute import ChapterRun\n"
        "runner.run_chapter = lambda chapter, *a, **k: ChapterRun(chapter, {}, 'k', runner.CHAPTERS_DIR, True)\n"
        "runner.export_run = lambda run, out: []\n"
        f"result = CliRunner().invoke(main, ['run', 'hardware', '--out', {str(tmp_path / 'out')!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('gaplib.engine.build' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
