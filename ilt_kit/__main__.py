from ilt_kit.cli import main

raise SystemExit(main())
