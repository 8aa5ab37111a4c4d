from pyspeed.cli import main

main()
