"""Output: the textbook LaTeX printer and its line layout, Unicode text, step reasons,
LaTeX documents and PDFs, and the notebook view (the pieces ``symbolic_info.render`` uses)."""
