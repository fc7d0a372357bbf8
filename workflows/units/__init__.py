"""The units directory and the splitting of unit cells into unit names.

Pure but for loading a directory file (YAML through pydantic). May import ``workflows.text`` and
the ground (``nhacviec.errors``); never the store or a face.
"""
