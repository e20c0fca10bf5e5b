"""What files are and how they relate: language, role, the import graph, ranking, history."""
