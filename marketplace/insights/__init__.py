"""Public insights: who buys what, drawn from the opportunities and awards in the database."""
