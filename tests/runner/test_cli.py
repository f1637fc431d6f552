from runner.settings import LEGACY_DB, TARGET_DB, embedded_url
from tests.support import run_cli


def test_wrong_legacy_url_is_one_line_and_exit_2(cluster):
    result = run_cli(
        "attach",
        "--legacy-url",
        "postgresql://nobody@127.0.0.1:1/nowhere",
        "--target-url",
        embedded_url(TARGET_DB),
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "could not reach the legacy database postgresql://nobody@127.0.0.1:1/nowhere" in lines[0]
    assert "hop target -> legacy" in lines[0] and "Connection refused" in lines[0] and "--legacy-url" in lines[0]


def test_malformed_url_is_one_line_and_exit_2(cluster):
    result = run_cli("attach", "--legacy-url", "mysql://x/y", "--target-url", embedded_url(TARGET_DB))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "postgresql://" in result.stderr


def test_one_url_without_the_other_is_a_usage_error(cluster):
    result = run_cli("attach", "--legacy-url", embedded_url(LEGACY_DB))
    assert result.returncode == 2
    assert "--target-url" in result.stderr


def test_generator_refuses_to_overwrite_a_real_database(cluster):
    from tests.support import create_database, query

    url = create_database("not_synthetic")
    query(url, "create table public.precious (id int)")
    result = run_cli("legacy", "generate", "--legacy-url", url, "--target-url", url)
    assert result.returncode == 2
    assert "never overwrites" in result.stderr
    assert query(url, "select to_regclass('public.precious') is not null")[0][0]
