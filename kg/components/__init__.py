"""The extraction steps, one spaCy component per file, registered by name on import."""
from . import base, bodies, jurisdiction, officials, places  # noqa: F401  (registers the factories)
