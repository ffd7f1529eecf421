"""Staff dashboards: above both the casework and the statistics, whose charts they draw."""
