"""What every register page is made of: a filter bar, a paged table, a detail dialog and the actions."""
