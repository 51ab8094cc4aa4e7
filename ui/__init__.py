"""The PySide6 front end: windows and Qt models over the core. Holds no business rule."""
