"""Running Observatory for years (DESIGN §10): backups that restore (`backup`), readiness and liveness
probes (`health`, `views`) and Prometheus metrics without personal data (`metrics`).

It sits in the top layer with the project wiring: it reads every app's tables, and no app imports it.
"""
