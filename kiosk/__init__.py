"""The kiosk's launcher (`python -m kiosk.launch`), its locked configuration and its web app."""
