from models import Incident


class IncidentService:
    """Severity rules: outages are severity 1, slowness 2, anything else 3."""

    def classify(self, text: str) -> Incident:
        lowered = text.lower()
        severity = 1 if "outage" in lowered or "down" in lowered else 2 if "slow" in lowered else 3
        return Incident(title=text.strip()[:60], severity=severity)
