"""Other openness frameworks (MOF, OSI's OSAID, the EU AI Act exemption, the EU index grid) read from
the same evidence an audit gathers. Each framework's meaning lives in rubrics/<id>.yaml (`kind:
framework`); the modules here only apply it."""
