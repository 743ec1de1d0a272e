"""微创投项目: rounds, proposals and the projects they become, their review and their running."""
