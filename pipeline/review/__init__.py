"""Review: dashboard accounts and sign-in, and the review workflow of flagged items (statuses,
assignment, optimistic locking, label corrections kept as training labels). Imports storage and the
layers below it."""
