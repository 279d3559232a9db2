from fla_conformance.cli import main

raise SystemExit(main())
