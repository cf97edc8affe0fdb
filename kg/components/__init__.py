"""The extraction steps, one spaCy component per file, registered by name on import."""
from . import base, bodies, entities, events, jurisdiction, officials, places, principles, relations  # noqa: F401  (registers the factories)
