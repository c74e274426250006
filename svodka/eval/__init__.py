"""Evaluation of svodka against annotated corpora."""
