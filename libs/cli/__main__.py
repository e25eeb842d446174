"""Run the command as `python -m libs.cli` (the same as the installed `sdb`)."""

from libs.cli.app import main

main()
