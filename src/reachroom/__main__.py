from reachroom.cli import main

main()
