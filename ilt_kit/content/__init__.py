"""Content: rubrics, surveys, scenarios and teams, their models, loading and discovery."""
