"""Tolerance suite: compliant docs in the shapes people write them, and their broken twins."""
