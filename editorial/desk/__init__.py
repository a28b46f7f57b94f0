"""The editors' desk: the Django admin for articles and their history."""
