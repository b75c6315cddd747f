"""Print docs/cli.md from the commands' own help texts, so the reference cannot drift from the code.

    .venv/bin/python docs/make_cli_reference.py > docs/cli.md
"""

from click.testing import CliRunner

from echolocate.cli import cli


def main() -> None:
    print("# CLI reference\n")
    print("Generated from each command's `--help` by `docs/make_cli_reference.py`; "
          "`tests/test_cli.py` fails when a command is missing here.\n")
    runner = CliRunner()
    print("## echolocate\n\n```text\n" + runner.invoke(cli, ["--help"], terminal_width=100, prog_name="echolocate").output.rstrip() + "\n```\n")
    for name in sorted(cli.commands):
        text = runner.invoke(cli, [name, "--help"], terminal_width=100, prog_name="echolocate").output.rstrip()
        print(f"## echolocate {name}\n\n```text\n{text}\n```\n")


if __name__ == "__main__":
    main()
