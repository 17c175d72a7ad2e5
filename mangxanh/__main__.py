from mangxanh.cli import main

main()
