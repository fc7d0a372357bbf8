"""Reading the "Thời gian" column: free Vietnamese text → a schedule (docs/deadline-semantics)."""
