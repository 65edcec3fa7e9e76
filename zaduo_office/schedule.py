"""The periodic-task schedule, defined in code so it is reviewed like code.

Each entry names the regulation article whose time limit it watches. Times are read from settings so an
installation can move them without a code change. The deadline engine adds its scans here.
"""

BEAT_SCHEDULE: dict[str, dict] = {}
