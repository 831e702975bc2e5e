"""`python -m pipeline` runs the same CLI as the `pipeline` script."""

from pipeline.cli import main

main()
