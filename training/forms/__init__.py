"""Forms of the training pages: a course and its sessions (courses.py), the register and the
places on a session (attendance.py), the uploads of files to import (imports.py), on the shared
base (base.py)."""
