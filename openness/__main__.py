from openness.cli.app import main

main()
