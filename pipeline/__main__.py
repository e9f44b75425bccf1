"""`python -m pipeline` runs the `bantin` command."""

from .cli import main

main(prog_name="bantin")
