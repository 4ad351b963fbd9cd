"""Domain layer of the Umeå social progress dashboard: data access, build and methods.

Nothing in this package imports Streamlit except `ui`, the one helper module for pages.
"""
