"""The units directory and the splitting of unit cells into unit names."""
