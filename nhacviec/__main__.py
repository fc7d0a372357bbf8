"""``python -m nhacviec`` runs the command line."""

import sys

from nhacviec.cli import main

sys.exit(main())
