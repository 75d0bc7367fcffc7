import sys

from bizq_app.cli import main

sys.exit(main())
