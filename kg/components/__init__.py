"""The extraction steps, one spaCy component per file, registered by name on import."""
from . import (accident_relations, base, bodies, entities, events, jurisdiction, meeting_roles,  # noqa: F401
               officials, places, principles, speech)  # (importing them registers the factories)
